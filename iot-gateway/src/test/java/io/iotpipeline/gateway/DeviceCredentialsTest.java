package io.iotpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DeviceCredentialsTest {

  private final DeviceCredentials credentials = new DeviceCredentials(new SecureRandom());

  @Test
  void secretsAreLongRandomAndDifferent() {
    String first = credentials.newSecret();
    assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(credentials.newSecret()).isNotEqualTo(first);
  }

  @Test
  void theStoredFormIsASaltedHashThatMatchesOnlyItsSecret() {
    String secret = credentials.newSecret();
    String stored = credentials.hash(secret);

    assertThat(stored).startsWith("pbkdf2-sha256$10000$").doesNotContain(secret);
    assertThat(credentials.hash(secret)).as("fresh salt each time").isNotEqualTo(stored);
    assertThat(DeviceCredentials.matches(secret, stored)).isTrue();
    assertThat(DeviceCredentials.matches(secret + "x", stored)).isFalse();
    assertThat(DeviceCredentials.matches(credentials.newSecret(), stored)).isFalse();
  }

  @Test
  void malformedStoredFormsMatchNothing() {
    assertThat(DeviceCredentials.matches("s", null)).isFalse();
    assertThat(DeviceCredentials.matches(null, "pbkdf2-sha256$1$AA==$AA==")).isFalse();
    assertThat(DeviceCredentials.matches("s", "plain")).isFalse();
    assertThat(DeviceCredentials.matches("s", "md5$1$AA==$AA==")).isFalse();
    assertThat(DeviceCredentials.matches("s", "pbkdf2-sha256$x$AA==$AA==")).isFalse();
    assertThat(DeviceCredentials.matches("s", "pbkdf2-sha256$10$!!$AA==")).isFalse();
  }
}
