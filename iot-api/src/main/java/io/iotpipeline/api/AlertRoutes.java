package io.iotpipeline.api;

import io.iotpipeline.api.query.AlertReads;
import io.iotpipeline.api.query.RequestParams;
import io.iotpipeline.api.query.SensorReads;
import io.iotpipeline.api.query.SeriesReads;
import io.iotpipeline.api.query.TimeRange;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/alerts}: of one sensor ({@code ?sensor=}) or of the whole fleet, newest first. */
final class AlertRoutes {

  private static final int DEFAULT_LIMIT = 100;

  private final AlertReads alerts;
  private final SensorReads sensors;
  private final Clock clock;

  AlertRoutes(AlertReads alerts, SensorReads sensors, Clock clock) {
    this.alerts = alerts;
    this.sensors = sensors;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.get("/api/alerts", this::alerts);
  }

  private void alerts(Context ctx) {
    TimeRange range =
        RequestParams.range(
            "since",
            ctx.queryParam("since"),
            "until",
            ctx.queryParam("until"),
            Duration.ofDays(1),
            clock);
    int limit = RequestParams.limit(ctx.queryParam("limit"), DEFAULT_LIMIT);
    String sensorText = ctx.queryParam("sensor");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("since", range.from().toString());
    body.put("until", range.to().toString());
    if (sensorText != null && !sensorText.isBlank()) {
      int id = RequestParams.sensorId(sensorText);
      if (!sensors.exists(id)) {
        throw SensorLookup.unknown(id);
      }
      body.put("sensor_id", id);
      body.put("alerts", alerts.ofSensor(id, range, limit));
    } else {
      // The fleet's alerts are partitioned by day; one sensor's are a single partition.
      RequestParams.requireAtMost(range, SeriesReads.MAX_DAY_WALK, "fleet alerts");
      body.put("alerts", alerts.ofFleet(range, limit));
    }
    ctx.json(body);
  }
}
