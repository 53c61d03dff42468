package io.iotpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The token filter and request timing on a Javalin app on port 0, with trivial endpoints. */
class RequestFiltersTest {

  private final RequestMetrics metrics = new RequestMetrics();
  private Javalin app;

  private HttpJson start(String token) {
    app = Javalin.create(config -> config.showJavalinBanner = false);
    RequestTiming timing = new RequestTiming(metrics);
    app.before(timing::start);
    app.before(new TokenFilter(new TokenGuard(token))::check);
    app.after(timing::record);
    app.get("/health", ctx -> ctx.result("up"));
    app.get("/items/{id}", ctx -> ctx.result(ctx.pathParam("id")));
    app.exception(
        ApiException.class,
        (e, ctx) -> ctx.status(e.status()).json(ApiServer.error(e.getMessage(), e.status())));
    app.start("127.0.0.1", 0);
    return new HttpJson("http://127.0.0.1:" + app.port());
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void aRequestWithoutTheTokenIsRefusedWithABearerChallenge() {
    HttpJson http = start("s3cret");

    HttpJson.Response refused = http.get("/items/1");

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(refused.json().get("error").asText()).contains("missing or wrong API token");
    assertThat(http.get("/health").status()).isEqualTo(200);
  }

  @Test
  void aTokenInTheQuerySetsTheCookieThatLaterRequestsCarry() {
    HttpJson http = start("s3cret");

    HttpJson.Response page = http.get("/items/1?token=s3cret");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Set-Cookie"))
        .contains("iot_token=s3cret; Path=/; HttpOnly; SameSite=Strict");
    assertThat(http.get("/items/1", "Cookie", "iot_token=s3cret").status()).isEqualTo(200);
    assertThat(http.get("/items/1", "Authorization", "Bearer s3cret").status()).isEqualTo(200);
  }

  @Test
  void withoutAConfiguredTokenNothingIsRefusedAndNoCookieIsSet() {
    HttpJson http = start("");

    HttpJson.Response page = http.get("/items/1?token=anything");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void requestsAreCountedByRoutePatternAndStatusRefusedOnesUnderStatic() {
    HttpJson http = start("s3cret");

    http.get("/items/1?token=s3cret");
    http.get("/items/2?token=s3cret");
    http.get("/items/3");

    assertThat(metrics.counts())
        .containsEntry("{route=\"/items/{id}\",status=\"200\"}", 2.0)
        // Refused in a before-handler, so before Javalin matched an endpoint.
        .containsEntry("{route=\"static\",status=\"401\"}", 1.0);
  }
}
