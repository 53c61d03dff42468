package io.iotpipeline.api;

import io.iotpipeline.api.query.ReportingIntervals;
import io.iotpipeline.api.query.RequestParams;
import io.iotpipeline.api.query.Resolution;
import io.iotpipeline.api.query.SeriesPlanner;
import io.iotpipeline.api.query.SeriesReads;
import io.iotpipeline.api.query.TimeRange;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;

/**
 * A sensor's chart, {@code /api/sensors/{id}/series}: the planner picks the resolution from the
 * range and the sensor's reporting interval, then one series read.
 */
final class SeriesRoutes {

  /** Month and year partitions are few; this only keeps nonsense ranges out. */
  static final Duration MAX_RANGE = Duration.ofDays(3660);

  /** Assumed for a described sensor with no reading yet: nothing to measure it from. */
  private static final Duration UNMEASURED_INTERVAL = Duration.ofSeconds(1);

  private final SensorLookup lookup;
  private final ReportingIntervals intervals;
  private final SeriesPlanner planner;
  private final SeriesReads series;
  private final Clock clock;

  SeriesRoutes(
      SensorLookup lookup,
      ReportingIntervals intervals,
      SeriesPlanner planner,
      SeriesReads series,
      Clock clock) {
    this.lookup = lookup;
    this.intervals = intervals;
    this.planner = planner;
    this.series = series;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.get("/api/sensors/{id}/series", this::series);
  }

  private void series(Context ctx) {
    int id = RequestParams.sensorId(ctx.pathParam("id"));
    TimeRange range =
        RequestParams.range(
            ctx.queryParam("from"), ctx.queryParam("to"), Duration.ofDays(1), clock);
    Resolution requested = Resolution.parseOrAuto(ctx.queryParam("resolution"));
    RequestParams.requireAtMost(range, MAX_RANGE, "a series");
    Duration interval =
        lookup
            .latestOfKnown(id)
            .map(reading -> intervals.of(id, reading.timestamp()))
            .orElse(UNMEASURED_INTERVAL);
    SeriesPlanner.Plan plan = planner.plan(range, requested, interval);
    if (plan.resolution().compareTo(Resolution.MINUTE) <= 0) {
      // Minute and raw rows are partitioned by day: a long range would walk too many partitions.
      RequestParams.requireAtMost(
          range, SeriesReads.MAX_DAY_WALK, plan.resolution().label() + " series");
    }
    ctx.json(series.read(id, range, plan));
  }
}
