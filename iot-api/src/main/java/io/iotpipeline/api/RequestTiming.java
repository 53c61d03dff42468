package io.iotpipeline.api;

import io.javalin.http.Context;

/** Times each request, from the first filter to the last, into {@link RequestMetrics}. */
final class RequestTiming {

  private static final String STARTED_AT = "iot.started-at";

  /**
   * Static files, unknown paths and requests refused before an endpoint matched share one label: a
   * label per URL would not stay bounded.
   */
  private static final String STATIC = "static";

  private final RequestMetrics metrics;

  RequestTiming(RequestMetrics metrics) {
    this.metrics = metrics;
  }

  /** A before-handler; registered first, so a request the token filter refuses is timed too. */
  void start(Context ctx) {
    ctx.attribute(STARTED_AT, System.nanoTime());
  }

  /** An after-handler: counts the request under its route pattern and status. */
  void record(Context ctx) {
    Long started = ctx.attribute(STARTED_AT);
    if (started == null) {
      return;
    }
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = STATIC;
    }
    if (route == null || route.isEmpty() || route.equals("*")) {
      route = STATIC;
    }
    metrics.record(route, ctx.statusCode(), System.nanoTime() - started);
  }
}
