package io.iotpipeline.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.api.ApiConfig;
import io.iotpipeline.api.ApiServer;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.ingest.IngestMetrics;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.ingest.KafkaIngester;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.KafkaReadingSink;
import io.iotpipeline.simulator.RateLimiter;
import io.iotpipeline.simulator.SimulationOptions;
import io.iotpipeline.simulator.SimulationStats;
import io.iotpipeline.clients.schema.CassandraSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every pipeline component of {@code ./iot demo}, started in order and stopped in reverse: the
 * simulator, ingester and API in this JVM, the Spark streaming job in a child JVM (Spark's
 * dependencies clash with our clients). Status comes from the components' own metrics plus two
 * single-partition reads of what Spark wrote.
 */
final class DemoPipeline implements AutoCloseable {

  /** What the demo's status block shows. */
  record Status(long readingsSent, double sendRate, long rowsStored, double rowsPerSecond,
      long consumerLag, long deadLetters, boolean analyticsRunning, Optional<Instant> latestMinute,
      long alertsToday, String apiUrl) {}

  private final CassandraSettings cassandra;
  private final Clock clock;
  private final CqlSession session;
  private final SimulationStats simulationStats = new SimulationStats();
  private final KafkaReadingSink readingSink;
  private final FleetSimulator simulator;
  private final Thread simulatorThread;
  private final KafkaIngester ingester;
  private final Process analytics;
  private final ApiServer api;
  /** The sensor whose newest minute window stands for the analytics' progress in the status. */
  private static final int PROBE_SENSOR = 1;

  private volatile String simulatorFailure;
  private boolean closed;

  private DemoPipeline(Settings settings, DemoCommand.Options options, Path analyticsLog,
      Clock clock) throws IOException {
    KafkaSettings kafka = KafkaSettings.from(settings);
    this.cassandra = CassandraSettings.from(settings);
    this.clock = clock;
    this.session = CassandraSessions.openInKeyspace(cassandra);
    SimulationOptions simulation = SimulationOptions.of(options.sensors(), clock.instant(), 0,
        options.seed());
    simulation = new SimulationOptions(simulation.sensors(), simulation.interval(),
        simulation.start(), null, 0, simulation.seed(),
        SimulationOptions.pacedRate(null, 1.0, options.sensors(), simulation.interval()),
        simulation.faults(), simulation.delivery());
    this.readingSink = new KafkaReadingSink(kafka, simulationStats);
    this.simulator = new FleetSimulator(simulation, readingSink, readingSink,
        RateLimiter.system(simulation.readingsPerSecond()), simulationStats);
    this.simulatorThread = new Thread(this::simulate, "demo-simulator");
    // Frequent metric ticks keep the status block fresh; the ingester prints nothing itself.
    this.ingester = KafkaIngester.create(IngestOptions.from(settings)
        .withMetricsInterval(Duration.ofSeconds(2)), kafka, cassandra, clock, snapshot -> { });
    this.analytics = options.analytics() ? startAnalytics(settings, analyticsLog) : null;
    this.api = ApiServer.create(ApiConfig.from(settings), settings.get("api.host"), session,
        () -> ingestMetrics(ingester.metrics()), clock);
  }

  /** Starts everything; on a failure stops what already runs and rethrows. */
  static DemoPipeline start(Settings settings, DemoCommand.Options options, Path analyticsLog,
      Clock clock) throws IOException {
    DemoPipeline pipeline = new DemoPipeline(settings, options, analyticsLog, clock);
    try {
      pipeline.ingester.start();
      pipeline.simulatorThread.start();
      pipeline.api.start();
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  private void simulate() {
    try {
      simulator.run();
    } catch (RuntimeException e) {
      // Reported through failure(): the status loop ends the demo with this message.
      simulatorFailure = e.getMessage();
    }
  }

  private static Process startAnalytics(Settings settings, Path log) throws IOException {
    AnalyticsCommand.JobOptions job = new AnalyticsCommand.JobOptions();
    job.master = "local[*]";
    job.driverMemory = "1g";
    Path checkpoints = Path.of(settings.get("data-dir"), "checkpoints", "analytics-stream");
    Files.createDirectories(log.getParent());
    // Spark's output would bury the status block: it goes to a log file instead.
    return AnalyticsCommand.processBuilder(settings, job, List.of("stream",
            "--checkpoint-dir", checkpoints.toAbsolutePath().toString(), "--trigger", "5s",
            "--watermark", "30s", "--starting-offsets", "latest", "--max-offsets-per-trigger", "0"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static Map<String, Double> ingestMetrics(IngestMetrics metrics) {
    IngestMetrics.Snapshot latest = metrics.latest();
    return Map.of(
        "records_total", (double) latest.records(),
        "rows_total", (double) latest.rows(),
        "dead_letters_total", (double) latest.deadLetters(),
        "records_per_second", latest.recordsPerSecond(),
        "rows_per_second", latest.rowsPerSecond(),
        "consumer_lag", (double) latest.consumerLag(),
        "batch_p99_ms", latest.batchP99Millis(),
        "e2e_p99_ms", latest.e2eP99Millis());
  }

  String apiUrl() {
    return api.url();
  }

  /** A problem that ends the demo: a component that stopped on its own. */
  Optional<String> failure() {
    if (ingester.failure().isPresent()) {
      return Optional.of("ingest stopped: " + ingester.failure().get().getMessage());
    }
    if (!simulatorThread.isAlive() && !closed) {
      return Optional.of("the simulator stopped: "
          + (simulatorFailure != null ? simulatorFailure : "no reason given") + " (is Kafka up?)");
    }
    if (analytics != null && !analytics.isAlive() && !closed) {
      return Optional.of("the Spark streaming job exited with code " + analytics.exitValue());
    }
    return Optional.empty();
  }

  Status status(double sendRate) {
    SimulationStats.Snapshot sent = simulationStats.snapshot();
    IngestMetrics.Snapshot ingested = ingester.metrics().latest();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Optional<Instant> latestMinute = Optional.empty();
    long alerts = 0;
    try {
      Row minute = session.execute(SimpleStatement.newInstance("SELECT window_start FROM "
          + "sensor_agg_minute WHERE sensor_id = ? AND day = ? LIMIT 1", PROBE_SENSOR, today)).one();
      latestMinute = Optional.ofNullable(minute).map(r -> r.getInstant(0));
      alerts = session.execute(SimpleStatement.newInstance(
          "SELECT COUNT(*) FROM sensor_alerts_by_day WHERE day = ?", today)).one().getLong(0);
    } catch (RuntimeException e) {
      // Cassandra busy or restarting: the status shows what it has.
    }
    return new Status(sent.acked(), sendRate, ingested.rows(), ingested.rowsPerSecond(),
        ingested.consumerLag(), ingested.deadLetters(), analytics != null && analytics.isAlive(),
        latestMinute, alerts, api.url());
  }

  long readingsSent() {
    return simulationStats.snapshot().acked();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    simulator.stop();
    join(simulatorThread);
    simulator.close();
    readingSink.close();
    ingester.stop();
    ingester.close();
    if (analytics != null) {
      AnalyticsCommand.stop(analytics);
    }
    api.close();
    session.close();
  }

  private static void join(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
