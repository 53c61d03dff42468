package io.iotpipeline.api;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Applies the {@link TokenGuard} to every request: collects the credentials a request may carry,
 * refuses with 401 and {@code WWW-Authenticate: Bearer}, and sets the cookie when the token came in
 * the query.
 */
final class TokenFilter {

  private final TokenGuard guard;

  TokenFilter(TokenGuard guard) {
    this.guard = guard;
  }

  /** A before-handler; throws {@link ApiException} (401) for a request without the token. */
  void check(Context ctx) {
    String queryToken = ctx.queryParam("token");
    String cookie = ctx.cookie(TokenGuard.COOKIE);
    if (!guard.allows(
        ctx.path(),
        ctx.header("Authorization"),
        queryToken,
        cookie == null ? null : URLDecoder.decode(cookie, StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(
          401,
          "missing or wrong API token (Authorization: Bearer T,"
              + " ?token=T or the "
              + TokenGuard.COOKIE
              + " cookie)");
    }
    if (guard.enabled() && queryToken != null) {
      // Lets the dashboard's fetches and EventSource (no custom headers) authenticate later.
      ctx.header(
          "Set-Cookie",
          TokenGuard.COOKIE
              + "="
              + URLEncoder.encode(queryToken, StandardCharsets.UTF_8)
              + "; Path=/; HttpOnly; SameSite=Strict");
    }
  }
}
