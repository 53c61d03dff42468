package io.iotpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeviceAuthenticatorTest {

  private final DeviceCredentials credentials = new DeviceCredentials(new SecureRandom());
  private final Map<Integer, DeviceRegistry.StoredDevice> rows = new HashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private Instant now = Instant.parse("2026-12-01T12:00:00Z");

  private final DeviceAuthenticator authenticator =
      DeviceAuthenticator.against(
          deviceId -> {
            reads.incrementAndGet();
            return Optional.ofNullable(rows.get(deviceId));
          },
          Duration.ofSeconds(10),
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          });

  private String add(int deviceId) {
    String secret = credentials.newSecret();
    rows.put(deviceId, new DeviceRegistry.StoredDevice(deviceId, credentials.hash(secret), false));
    return secret;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDeviceWithItsSecretIsAllowedOnlyForItsOwnSensor() {
    String secret = add(42);

    DeviceAuthenticator.Decision mqtt = authenticator.checkMqtt("42", utf8(secret));
    DeviceAuthenticator.Decision http = authenticator.checkBearer("Bearer 42." + secret);

    assertThat(mqtt.allowed()).isTrue();
    assertThat(mqtt.mayReport(42)).isTrue();
    assertThat(mqtt.mayReport(43)).isFalse();
    assertThat(http.allowed()).isTrue();
    assertThat(http.deviceId()).isEqualTo(42);
  }

  @Test
  void unknownDevicesWrongSecretsAndMalformedTokensAreRefusedWithoutTheSecretInTheReason() {
    String secret = add(42);

    assertThat(authenticator.checkMqtt("43", utf8(secret)).refusal())
        .isEqualTo("unknown device 43");
    assertThat(authenticator.checkMqtt("42", utf8("guess")).refusal())
        .isEqualTo("wrong secret for device 42");
    assertThat(authenticator.checkMqtt("x", utf8(secret)).refusal()).isEqualTo("unknown device");
    assertThat(authenticator.checkMqtt("42", null).allowed()).isFalse();
    assertThat(authenticator.checkBearer(null).allowed()).isFalse();
    assertThat(authenticator.checkBearer("Bearer " + secret).allowed()).isFalse();
    assertThat(authenticator.checkBearer("Basic 42." + secret).allowed()).isFalse();
    assertThat(authenticator.checkBearer("Bearer 42.s3cr3t-guess").refusal())
        .isEqualTo("wrong secret for device 42")
        .doesNotContain("s3cr3t-guess");
  }

  @Test
  void aRevocationTakesEffectOnceTheRememberedRowIsOlderThanTheCachePeriod() {
    String secret = add(42);
    assertThat(authenticator.checkMqtt("42", utf8(secret)).allowed()).isTrue();

    rows.put(42, new DeviceRegistry.StoredDevice(42, rows.get(42).secretHash(), true));
    now = now.plusSeconds(9);
    assertThat(authenticator.stillAllowed(42)).as("within the period: remembered").isTrue();
    now = now.plusSeconds(2);

    assertThat(authenticator.stillAllowed(42)).isFalse();
    assertThat(authenticator.checkMqtt("42", utf8(secret)).refusal())
        .isEqualTo("device 42 is revoked");
  }

  @Test
  void aVerifiedSecretIsNotRehashedWithinThePeriodAndTheRowIsReadOncePerPeriod() {
    String secret = add(42);
    for (int i = 0; i < 50; i++) {
      assertThat(authenticator.checkMqtt("42", utf8(secret)).allowed()).isTrue();
    }
    assertThat(reads).hasValue(1);

    now = now.plusSeconds(11);
    assertThat(authenticator.checkMqtt("42", utf8(secret)).allowed()).isTrue();
    assertThat(reads).hasValue(2);
  }

  @Test
  void aNewSecretForTheDeviceInvalidatesTheRememberedOne() {
    String old = add(42);
    assertThat(authenticator.checkMqtt("42", utf8(old)).allowed()).isTrue();

    String replaced = add(42);
    now = now.plusSeconds(11);

    assertThat(authenticator.checkMqtt("42", utf8(old)).allowed()).isFalse();
    assertThat(authenticator.checkMqtt("42", utf8(replaced)).allowed()).isTrue();
  }

  @Test
  void openAcceptsAnyDeviceForAnySensor() {
    DeviceAuthenticator open = DeviceAuthenticator.open();

    assertThat(open.checkMqtt(null, null).allowed()).isTrue();
    assertThat(open.checkBearer(null).mayReport(7)).isTrue();
    assertThat(open.stillAllowed(7)).isTrue();
  }
}
