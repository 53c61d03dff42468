package io.iotpipeline.api;

import io.iotpipeline.api.pipeline.PipelineStats;
import io.iotpipeline.api.pipeline.PrometheusText;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/** The operational endpoints: {@code /health}, {@code /metrics} and {@code /api/stats}. */
final class PipelineRoutes {

  private final HealthCheck health;
  private final MetricsExposition metrics;
  private final PipelineStats stats;

  PipelineRoutes(HealthCheck health, MetricsExposition metrics, PipelineStats stats) {
    this.health = health;
    this.metrics = metrics;
    this.stats = stats;
  }

  void register(Javalin app) {
    app.get("/health", this::health);
    app.get("/metrics", this::metrics);
    app.get("/api/stats", ctx -> ctx.json(stats.snapshot()));
  }

  /** 503 when a store is down: load balancers and probes read the status, not the body. */
  private void health(Context ctx) {
    Map<String, Object> report = health.check();
    ctx.status("UP".equals(report.get("status")) ? 200 : 503).json(report);
  }

  private void metrics(Context ctx) {
    ctx.contentType(PrometheusText.CONTENT_TYPE).result(metrics.render());
  }
}
