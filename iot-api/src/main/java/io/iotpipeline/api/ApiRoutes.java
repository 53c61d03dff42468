package io.iotpipeline.api;

import io.iotpipeline.api.live.LiveClient;
import io.iotpipeline.api.live.LiveFeed;
import io.iotpipeline.api.pipeline.KafkaSampler;
import io.iotpipeline.api.pipeline.PipelineStats;
import io.iotpipeline.api.pipeline.PrometheusText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.api.query.AlertReads;
import io.iotpipeline.api.query.FleetCache;
import io.iotpipeline.api.query.Records.LatestReading;
import io.iotpipeline.api.query.RequestParams;
import io.iotpipeline.api.query.Resolution;
import io.iotpipeline.api.query.SensorReads;
import io.iotpipeline.api.query.SeriesPlanner;
import io.iotpipeline.api.query.SeriesReads;
import io.iotpipeline.api.query.SettledRollups;
import io.iotpipeline.api.query.TimeRange;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The endpoints: parameter validation, one read per endpoint, JSON out. */
final class ApiRoutes {

  /** Month and year partitions are few; this only keeps nonsense ranges out. */
  static final Duration MAX_RANGE = Duration.ofDays(3660);
  private static final String STARTED_AT = "iot.started-at";

  private final SensorReads sensors;
  private final FleetCache fleet;
  private final SeriesReads series;
  private final SettledRollups settledRollups;
  private final AlertReads alerts;
  private final SeriesPlanner planner;
  private final PipelineStats stats;
  private final KafkaSampler sampler;
  private final LiveFeed liveFeed;
  private final HealthCheck health;
  private final TokenGuard guard;
  private final Clock clock;
  private final RequestMetrics requestMetrics = new RequestMetrics();
  private final Map<Integer, MeasuredInterval> intervals = new ConcurrentHashMap<>();

  /** A sensor's reporting interval and when it was measured (System.nanoTime). */
  private record MeasuredInterval(Duration interval, long measuredAtNanos) {}

  /** Reporting intervals change rarely: measure each sensor's at most once a minute. */
  private static final long INTERVAL_TTL_NANOS = Duration.ofMinutes(1).toNanos();

  ApiRoutes(SensorReads sensors, FleetCache fleet, SeriesReads series,
      SettledRollups settledRollups, AlertReads alerts, SeriesPlanner planner,
      PipelineStats stats, KafkaSampler sampler, LiveFeed liveFeed, HealthCheck health,
      TokenGuard guard, Clock clock) {
    this.sensors = sensors;
    this.fleet = fleet;
    this.series = series;
    this.settledRollups = settledRollups;
    this.alerts = alerts;
    this.planner = planner;
    this.stats = stats;
    this.sampler = sampler;
    this.liveFeed = liveFeed;
    this.health = health;
    this.guard = guard;
    this.clock = clock;
  }

  void register(Javalin app) {
    app.before(this::authorize);
    app.after(this::count);
    app.get("/health", this::health);
    app.get("/metrics", this::metrics);
    app.get("/api/sensors", this::fleet);
    app.get("/api/sensors/{id}", this::sensor);
    app.get("/api/sensors/{id}/readings", this::readings);
    app.get("/api/sensors/{id}/series", this::series);
    app.get("/api/alerts", this::alerts);
    app.get("/api/stats", ctx -> ctx.json(stats.snapshot()));
    app.sse("/api/stream", this::stream);
  }

  private void authorize(Context ctx) {
    ctx.attribute(STARTED_AT, System.nanoTime());
    String queryToken = ctx.queryParam("token");
    String cookie = ctx.cookie(TokenGuard.COOKIE);
    if (!guard.allows(ctx.path(), ctx.header("Authorization"), queryToken,
        cookie == null ? null : URLDecoder.decode(cookie, StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, "missing or wrong API token (Authorization: Bearer T,"
          + " ?token=T or the " + TokenGuard.COOKIE + " cookie)");
    }
    if (guard.enabled() && queryToken != null) {
      // Lets the dashboard's fetches and EventSource (no custom headers) authenticate later.
      ctx.header("Set-Cookie", TokenGuard.COOKIE + "="
          + URLEncoder.encode(queryToken, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict");
    }
  }

  private void count(Context ctx) {
    Long started = ctx.attribute(STARTED_AT);
    if (started == null) {
      return;
    }
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = "static";
    }
    if (route == null || route.isEmpty() || route.equals("*")) {
      route = "static";
    }
    requestMetrics.record(route, ctx.statusCode(), System.nanoTime() - started);
  }

  private void health(Context ctx) {
    Map<String, Object> report = health.check();
    ctx.status("UP".equals(report.get("status")) ? 200 : 503).json(report);
  }

  private void metrics(Context ctx) {
    PrometheusText text = new PrometheusText()
        .family("iot_api_requests_total", "counter", "HTTP requests by route and status",
            requestMetrics.counts())
        .family("iot_api_request_seconds_total", "counter", "Time spent answering, by route and status",
            requestMetrics.seconds())
        .gauge("iot_api_stream_clients", "Connected live-stream clients", liveFeed.clientCount())
        .gauge("iot_api_stream_tailing", "1 while the live stream reads Kafka (someone watches)",
            liveFeed.tailing() ? 1 : 0)
        .family("iot_api_series_cache_lookups_total", "counter",
            "Rollup partitions a series needed, by where their settled windows came from",
            new TreeMap<>(Map.of("{result=\"hit\"}", (double) settledRollups.hits(),
                "{result=\"miss\"}", (double) settledRollups.misses())));
    for (PipelineStats.Gauge gauge : stats.gauges()) {
      text.gauge(gauge.name(), gauge.help(), gauge.value());
    }
    ctx.contentType(PrometheusText.CONTENT_TYPE).result(text.toString());
  }

  /** The fleet snapshot as rendered when it was read: every dashboard gets the same bytes. */
  private void fleet(Context ctx) {
    ctx.contentType(ContentType.APPLICATION_JSON).result(fleet.get().rendered());
  }

  /** The body of {@code /api/sensors}. */
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

  private void sensor(Context ctx) {
    int id = RequestParams.sensorId(ctx.pathParam("id"));
    ctx.json(sensors.latest(id).orElseThrow(() -> unknownSensor(id)));
  }

  private void readings(Context ctx) {
    int id = knownSensor(ctx);
    TimeRange range = RequestParams.range(ctx.queryParam("from"), ctx.queryParam("to"),
        Duration.ofDays(1), clock);
    requireAtMost(range, SeriesReads.MAX_DAY_WALK, "raw readings");
    ctx.json(sensors.readings(id, range, RequestParams.limit(ctx.queryParam("limit"))));
  }

  private void series(Context ctx) {
    int id = RequestParams.sensorId(ctx.pathParam("id"));
    TimeRange range = RequestParams.range(ctx.queryParam("from"), ctx.queryParam("to"),
        Duration.ofDays(1), clock);
    Resolution requested = Resolution.parseOrAuto(ctx.queryParam("resolution"));
    requireAtMost(range, MAX_RANGE, "a series");
    // The fleet snapshot knows almost every sensor: no Cassandra read to find this one.
    Optional<LatestReading> latest = fleet.get().find(id).or(() -> sensors.latest(id));
    if (latest.isEmpty() && !sensors.exists(id)) {
      throw unknownSensor(id);
    }
    Duration interval = latest.map(reading -> reportingInterval(id, reading.timestamp()))
        .orElse(Duration.ofSeconds(1));
    SeriesPlanner.Plan plan = planner.plan(range, requested, interval);
    if (plan.resolution().compareTo(Resolution.MINUTE) <= 0) {
      requireAtMost(range, SeriesReads.MAX_DAY_WALK, plan.resolution().label() + " series");
    }
    ctx.json(series.read(id, range, plan));
  }

  private void alerts(Context ctx) {
    TimeRange range = RequestParams.range("since", ctx.queryParam("since"), "until",
        ctx.queryParam("until"),
        Duration.ofDays(1), clock);
    int limit = RequestParams.limit(ctx.queryParam("limit"), 100);
    String sensorText = ctx.queryParam("sensor");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("since", range.from().toString());
    body.put("until", range.to().toString());
    if (sensorText != null && !sensorText.isBlank()) {
      int id = RequestParams.sensorId(sensorText);
      if (!sensors.exists(id)) {
        throw unknownSensor(id);
      }
      body.put("sensor_id", id);
      body.put("alerts", alerts.ofSensor(id, range, limit));
    } else {
      requireAtMost(range, SeriesReads.MAX_DAY_WALK, "fleet alerts");
      body.put("alerts", alerts.ofFleet(range, limit));
    }
    ctx.json(body);
  }

  /** Javalin answers as a stream only to {@code Accept: text/event-stream} (as EventSource sends). */
  private void stream(SseClient client) {
    client.keepAlive();
    LiveClient subscriber = (event, data) -> {
      if (client.terminated()) {
        return false;
      }
      client.sendEvent(event, data);
      return !client.terminated();
    };
    client.onClose(() -> liveFeed.unsubscribe(subscriber));
    // A first event at once: the browser knows it is connected before the first tick.
    client.sendEvent("hello", "{\"tick_ms\":" + liveFeed.tick().toMillis() + "}");
    liveFeed.subscribe(subscriber);
  }

  private Duration reportingInterval(int id, java.time.Instant latest) {
    long now = System.nanoTime();
    MeasuredInterval known = intervals.get(id);
    if (known == null || now - known.measuredAtNanos() > INTERVAL_TTL_NANOS) {
      known = new MeasuredInterval(sensors.reportingInterval(id, latest), now);
      intervals.put(id, known);
    }
    return known.interval();
  }

  private int knownSensor(Context ctx) {
    int id = RequestParams.sensorId(ctx.pathParam("id"));
    if (fleet.get().find(id).isEmpty() && !sensors.exists(id)) {
      throw unknownSensor(id);
    }
    return id;
  }

  private static ApiException unknownSensor(int id) {
    return ApiException.notFound("unknown sensor " + id);
  }

  private static void requireAtMost(TimeRange range, Duration max, String what) {
    if (range.length().compareTo(max) > 0) {
      throw ApiException.badRequest("range too long for " + what + ": " + range.length().toDays()
          + " days (at most " + max.toDays() + "); narrow from/to or use a coarser resolution");
    }
  }
}
