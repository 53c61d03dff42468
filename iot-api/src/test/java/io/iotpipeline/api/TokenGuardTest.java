package io.iotpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenGuardTest {

  private final TokenGuard guard = new TokenGuard("s3cret");

  @Test
  void withoutATokenEverythingIsOpen() {
    TokenGuard open = new TokenGuard("  ");
    assertThat(open.enabled()).isFalse();
    assertThat(open.allows("/api/sensors", null, null, null)).isTrue();
  }

  @Test
  void healthIsOpenButNothingElse() {
    assertThat(guard.allows("/health", null, null, null)).isTrue();
    assertThat(guard.allows("/api/sensors", null, null, null)).isFalse();
    assertThat(guard.allows("/metrics", null, null, null)).isFalse();
    assertThat(guard.allows("/", null, null, null)).isFalse();
  }

  @Test
  void acceptsTheTokenAsBearerHeaderQueryOrCookie() {
    assertThat(guard.allows("/api/sensors", "Bearer s3cret", null, null)).isTrue();
    assertThat(guard.allows("/api/sensors", null, "s3cret", null)).isTrue();
    assertThat(guard.allows("/api/sensors", null, null, "s3cret")).isTrue();
  }

  @Test
  void rejectsAWrongOrMalformedToken() {
    assertThat(guard.allows("/api/sensors", "Bearer s3cre", null, null)).isFalse();
    assertThat(guard.allows("/api/sensors", "s3cret", null, null)).isFalse();
    assertThat(guard.allows("/api/sensors", null, "S3CRET", "wrong")).isFalse();
  }
}
