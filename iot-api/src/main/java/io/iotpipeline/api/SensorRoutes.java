package io.iotpipeline.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.api.query.FleetCache;
import io.iotpipeline.api.query.Records.LatestReading;
import io.iotpipeline.api.query.RequestParams;
import io.iotpipeline.api.query.SensorReads;
import io.iotpipeline.api.query.SeriesReads;
import io.iotpipeline.api.query.TimeRange;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet and one sensor: {@code /api/sensors}, {@code /api/sensors/{id}} and its raw {@code
 * /api/sensors/{id}/readings}.
 */
final class SensorRoutes {

  private final SensorReads sensors;
  private final FleetCache fleet;
  private final SensorLookup lookup;
  private final Clock clock;

  SensorRoutes(SensorReads sensors, FleetCache fleet, SensorLookup lookup, Clock clock) {
    this.sensors = sensors;
    this.fleet = fleet;
    this.lookup = lookup;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.get("/api/sensors", this::fleet);
    app.get("/api/sensors/{id}", this::sensor);
    app.get("/api/sensors/{id}/readings", this::readings);
  }

  /** The body of {@code /api/sensors}, rendered once per fleet snapshot ({@link FleetCache}). */
  static byte[] fleetJson(ObjectMapper mapper, List<LatestReading> sensors, Instant asOf) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("as_of", asOf.toString());
    body.put("count", sensors.size());
    body.put("sensors", sensors);
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the fleet must serialise", e);
    }
  }

  /** The fleet snapshot as rendered when it was read: every dashboard gets the same bytes. */
  private void fleet(Context ctx) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(fleet.get().rendered());
  }

  private void sensor(Context ctx) {
    int id = RequestParams.sensorId(ctx.pathParam("id"));
    ctx.json(sensors.latest(id).orElseThrow(() -> SensorLookup.unknown(id)));
  }

  private void readings(Context ctx) {
    int id = RequestParams.sensorId(ctx.pathParam("id"));
    lookup.requireKnown(id);
    TimeRange range =
        RequestParams.range(
            ctx.queryParam("from"), ctx.queryParam("to"), Duration.ofDays(1), clock);
    RequestParams.requireAtMost(range, SeriesReads.MAX_DAY_WALK, "raw readings");
    ctx.json(sensors.readings(id, range, RequestParams.limit(ctx.queryParam("limit"))));
  }
}
