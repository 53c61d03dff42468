package io.iotpipeline.api;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.api.live.LiveFeed;
import io.iotpipeline.api.pipeline.KafkaSampler;
import io.iotpipeline.api.pipeline.PipelineMetricsSource;
import io.iotpipeline.api.pipeline.PipelineStats;
import io.iotpipeline.api.query.AlertReads;
import io.iotpipeline.api.query.FleetCache;
import io.iotpipeline.api.query.SensorReads;
import io.iotpipeline.api.query.SeriesPlanner;
import io.iotpipeline.api.query.SeriesReads;
import io.iotpipeline.api.query.SettledRollups;
import io.iotpipeline.process.OwnedResources;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service: JSON endpoints over Cassandra, live readings and alerts from Kafka, and the
 * dashboard (static files in the jar, chart library from a webjar). Built by {@link #create}, which
 * tests call too and start on port 0. The caller owns the Cassandra session; the server owns its
 * Kafka clients and closes them.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final ApiConfig config;
  private final String host;
  private final Javalin app;
  private final KafkaSampler sampler;
  private final LiveFeed liveFeed;

  /** The fleet cache, sampler and live feed; closed after the HTTP server. */
  private final OwnedResources owned;

  private boolean started;
  private boolean closed;

  private ApiServer(
      ApiConfig config,
      String host,
      Javalin app,
      KafkaSampler sampler,
      LiveFeed liveFeed,
      OwnedResources owned) {
    this.config = config;
    this.host = host;
    this.app = app;
    this.sampler = sampler;
    this.liveFeed = liveFeed;
    this.owned = owned;
  }

  /**
   * A server over {@code session} (bound to any keyspace: statements name the configured one).
   *
   * @param host interface to listen on (127.0.0.1 for local use, 0.0.0.0 for every interface)
   * @param ingest metrics of an ingester in this process, or {@link PipelineMetricsSource#NONE}
   */
  public static ApiServer create(
      ApiConfig config,
      String host,
      CqlSession session,
      PipelineMetricsSource ingest,
      Clock clock) {
    OwnedResources owned = new OwnedResources();
    try {
      return create(config, host, session, ingest, clock, owned);
    } catch (RuntimeException e) {
      throw owned.closeAfter(e);
    }
  }

  private static ApiServer create(
      ApiConfig config,
      String host,
      CqlSession session,
      PipelineMetricsSource ingest,
      Clock clock,
      OwnedResources owned) {
    ObjectMapper mapper = Json.mapper();
    String keyspace = config.cassandra().keyspace();
    SensorReads sensors = new SensorReads(session, keyspace);
    FleetCache fleet =
        owned.add(
            new FleetCache(
                sensors::fleet,
                (readings, asOf) -> SensorRoutes.fleetJson(mapper, readings, asOf),
                config.streamTick(),
                clock,
                System::nanoTime));
    KafkaSampler sampler = owned.add(new KafkaSampler(config.kafka(), config.ingestGroup(), clock));
    LiveFeed liveFeed = owned.add(new LiveFeed(config.kafka(), mapper, clock, config.streamTick()));
    SettledRollups settledRollups =
        new SettledRollups(config.seriesCache(), config.seriesCacheTtl(), System::nanoTime);
    ApiSources sources =
        new ApiSources(
            sensors,
            fleet,
            new SeriesReads(session, keyspace, sensors, settledRollups, clock),
            settledRollups,
            new AlertReads(session, keyspace),
            new SeriesPlanner(config.maxPoints(), config.cassandra().retention(), clock),
            new PipelineStats(
                sampler, () -> fleet.get().sensors(), session, keyspace, ingest, clock),
            liveFeed,
            new HealthCheck(session, sampler));
    ApiRoutes routes = new ApiRoutes(sources, new TokenGuard(config.token()), clock);
    Javalin app =
        Javalin.create(
            javalin -> {
              javalin.showJavalinBanner = false;
              javalin.jsonMapper(new JavalinJackson(mapper, false));
              javalin.staticFiles.add("/public", Location.CLASSPATH);
              javalin.staticFiles.enableWebjars();
            });
    routes.register(app);
    app.exception(
        ApiException.class,
        (e, ctx) -> ctx.status(e.status()).json(error(e.getMessage(), e.status())));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> ctx.status(e.getStatus()).json(error(e.getMessage(), e.getStatus())));
    app.exception(
        DriverException.class,
        (e, ctx) -> {
          log.warn("Cassandra request failed for {}: {}", ctx.path(), e.toString());
          ctx.status(503).json(error("Cassandra unavailable: " + e.getMessage(), 503));
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("Request {} failed", ctx.path(), e);
          ctx.status(500).json(error("internal error: " + e.getClass().getSimpleName(), 500));
        });
    app.error(
        404,
        ctx -> {
          if (ctx.resultInputStream() == null) {
            ctx.json(error("no such resource: " + ctx.method() + " " + ctx.path(), 404));
          }
        });
    return new ApiServer(config, host, app, sampler, liveFeed, owned);
  }

  static Map<String, Object> error(String message, int status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    return body;
  }

  /** Starts sampling, tailing and serving; returns when the port is bound. */
  public synchronized ApiServer start() {
    if (started) {
      return this;
    }
    started = true;
    sampler.start(config.sampleEvery());
    try {
      liveFeed.start(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the live feed", e);
    }
    try {
      app.start(host, config.port());
    } catch (JavalinBindException e) {
      close();
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + config.port() + ": port in use", e);
    }
    log.info("API listening on http://{}:{}/", host, app.port());
    return this;
  }

  /** The bound port (the real one when configured with port 0). */
  public int port() {
    return app.port();
  }

  public String url() {
    String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    return "http://" + shown + ":" + port() + "/";
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    app.stop();
    try {
      owned.close();
    } catch (IllegalStateException e) {
      log.warn("API: {}", e.getMessage());
    }
  }
}
