package io.iotpipeline.api;

import io.iotpipeline.api.query.ReportingIntervals;
import io.javalin.Javalin;
import java.time.Clock;

/**
 * Puts the API on a Javalin app: the filters every request passes (timing first, so refused
 * requests are timed too, then the token) and each group of endpoints.
 */
final class ApiRoutes {

  private final RequestTiming timing;
  private final TokenFilter tokens;
  private final PipelineRoutes pipeline;
  private final SensorRoutes sensors;
  private final SeriesRoutes series;
  private final AlertRoutes alerts;
  private final LiveStreamRoutes live;

  ApiRoutes(ApiSources sources, TokenGuard guard, Clock clock) {
    RequestMetrics requestMetrics = new RequestMetrics();
    SensorLookup lookup = new SensorLookup(sources.sensors(), sources.fleet());
    this.timing = new RequestTiming(requestMetrics);
    this.tokens = new TokenFilter(guard);
    this.pipeline =
        new PipelineRoutes(
            sources.health(),
            new MetricsExposition(
                requestMetrics, sources.liveFeed(), sources.settledRollups(), sources.stats()),
            sources.stats());
    this.sensors = new SensorRoutes(sources.sensors(), sources.fleet(), lookup, clock);
    this.series =
        new SeriesRoutes(
            lookup,
            new ReportingIntervals(sources.sensors()::reportingInterval, System::nanoTime),
            sources.planner(),
            sources.series(),
            clock);
    this.alerts = new AlertRoutes(sources.alerts(), sources.sensors(), clock);
    this.live = new LiveStreamRoutes(sources.liveFeed());
  }

  void register(Javalin app) {
    app.before(timing::start);
    app.before(tokens::check);
    app.after(timing::record);
    pipeline.register(app);
    sensors.register(app);
    series.register(app);
    alerts.register(app);
    live.register(app);
  }
}
