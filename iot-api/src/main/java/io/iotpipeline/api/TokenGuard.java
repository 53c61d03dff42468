package io.iotpipeline.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The optional API token. A request may present it as {@code Authorization: Bearer T}, as {@code
 * ?token=T}, or in the {@code iot_token} cookie, which the server sets when the token came in the
 * query: a browser opens {@code /?token=T} once and its later fetches and its {@code EventSource}
 * (which cannot send headers) carry the cookie.
 */
public final class TokenGuard {

  public static final String COOKIE = "iot_token";

  private final byte[] token;

  public TokenGuard(String token) {
    this.token =
        token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
  }

  public boolean enabled() {
    return token != null;
  }

  /** Paths open without a token: liveness probes must not need a secret. */
  public static boolean isPublic(String path) {
    return path.equals("/health");
  }

  /** Whether a request to {@code path} presenting these credentials (each may be null) may pass. */
  public boolean allows(String path, String authorizationHeader, String queryToken, String cookie) {
    if (token == null || isPublic(path)) {
      return true;
    }
    String bearer =
        authorizationHeader != null && authorizationHeader.startsWith("Bearer ")
            ? authorizationHeader.substring("Bearer ".length()).trim()
            : null;
    return matches(bearer) || matches(queryToken) || matches(cookie);
  }

  private boolean matches(String presented) {
    // Constant time: the comparison must not tell how many leading characters were right.
    return presented != null
        && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }
}
