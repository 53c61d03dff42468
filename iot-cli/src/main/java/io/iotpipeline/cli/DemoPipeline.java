package io.iotpipeline.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.analytics.options.StreamOptions;
import io.iotpipeline.api.ApiConfig;
import io.iotpipeline.api.ApiServer;
import io.iotpipeline.api.query.AnalyticsProgressReads;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.ingest.IngestMetrics;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.ingest.KafkaIngester;
import io.iotpipeline.process.OwnedResources;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.KafkaReadingSink;
import io.iotpipeline.simulator.RateLimiter;
import io.iotpipeline.simulator.SimulationOptions;
import io.iotpipeline.simulator.SimulationStats;
import io.iotpipeline.stack.spark.SparkJob;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import io.iotpipeline.stack.spark.SparkJobSpec;
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
 * dependencies clash with our clients). Every setting is checked before anything starts, so a bad
 * value never leaves a half-started pipeline (or a Spark JVM) behind. Status comes from the
 * components' own metrics plus two single-partition reads of what Spark wrote.
 */
final class DemoPipeline implements AutoCloseable {

  /** What the demo's status block shows. */
  record Status(
      long readingsSent,
      double sendRate,
      long rowsStored,
      double rowsPerSecond,
      long consumerLag,
      long deadLetters,
      boolean analyticsRunning,
      Optional<Instant> latestMinute,
      long alertsToday,
      String apiUrl) {}

  private final CassandraSettings cassandra;
  private final Clock clock;
  private final CqlSession session;
  private final AnalyticsProgressReads analyticsProgress;
  private final SimulationStats simulationStats;
  private final KafkaReadingSink readingSink;
  private final FleetSimulator simulator;
  private final Thread simulatorThread;
  private final KafkaIngester ingester;
  private final ApiServer api;

  /** The Spark streaming job's launcher and spec; null with --no-analytics. */
  private final SparkJobLauncher analyticsLauncher;

  private final SparkJobSpec analyticsJob;
  private final Path analyticsLog;
  private volatile SparkJob analytics;

  /** The sensor whose newest minute window stands for the analytics' progress in the status. */
  private static final int PROBE_SENSOR = 1;

  private volatile String simulatorFailure;
  private boolean closed;

  private DemoPipeline(
      CassandraSettings cassandra,
      Clock clock,
      CqlSession session,
      SimulationStats simulationStats,
      KafkaReadingSink readingSink,
      FleetSimulator simulator,
      KafkaIngester ingester,
      ApiServer api,
      SparkJobLauncher analyticsLauncher,
      SparkJobSpec analyticsJob,
      Path analyticsLog) {
    this.cassandra = cassandra;
    this.clock = clock;
    this.session = session;
    this.analyticsProgress = new AnalyticsProgressReads(session, cassandra.keyspace());
    this.simulationStats = simulationStats;
    this.readingSink = readingSink;
    this.simulator = simulator;
    this.simulatorThread = new Thread(this::simulate, "demo-simulator");
    this.ingester = ingester;
    this.api = api;
    this.analyticsLauncher = analyticsLauncher;
    this.analyticsJob = analyticsJob;
    this.analyticsLog = analyticsLog;
  }

  /**
   * Connects every in-process component; nothing runs before {@link #start}. Every setting is
   * parsed before the first connection or process: a bad api.* or analytics.* value fails here,
   * with nothing to clean up; a later failure closes what was already opened.
   */
  static DemoPipeline create(
      Settings settings, DemoCommand.Options options, Path analyticsLog, Clock clock) {
    // Each component with its own credentials on a secure stack, as when run one by one.
    KafkaSettings simulatorKafka = KafkaSettings.from(settings.asComponent("simulator"));
    Settings ingestSettings = settings.asComponent("ingest");
    KafkaSettings ingestKafka = KafkaSettings.from(ingestSettings);
    CassandraSettings ingestCassandra = CassandraSettings.from(ingestSettings);
    Settings apiSettings = settings.asComponent("api");
    CassandraSettings cassandra = CassandraSettings.from(apiSettings);
    IngestOptions ingestOptions =
        IngestOptions.from(settings)
            // Frequent metric ticks keep the status block fresh; the ingester prints nothing.
            .withMetricsInterval(Duration.ofSeconds(2));
    ApiConfig apiConfig = ApiConfig.from(apiSettings);
    String apiHost = apiSettings.get("api.host");
    Settings analyticsSettings = analyticsSettings(settings.asComponent("analytics"));
    if (options.analytics()) {
      StreamOptions.check(SparkJobSpec.DEFAULT_MASTER, analyticsSettings);
    }
    SparkJobLauncher analyticsLauncher =
        options.analytics() ? new SparkJobLauncher(analyticsSettings) : null;
    SparkJobSpec analyticsJob =
        SparkJobSpec.local(
            "stream",
            List.of("--checkpoint-dir", AnalyticsCommand.defaultCheckpoints(settings).toString()));
    SimulationOptions simulation =
        SimulationOptions.of(options.sensors(), clock.instant(), 0, options.seed());
    simulation =
        new SimulationOptions(
            simulation.sensors(),
            simulation.interval(),
            simulation.start(),
            null,
            0,
            simulation.seed(),
            SimulationOptions.pacedRate(null, 1.0, options.sensors(), simulation.interval()),
            simulation.faults(),
            simulation.delivery());

    OwnedResources owned = new OwnedResources();
    try {
      CqlSession session = owned.add(CassandraSessions.openForReads(cassandra));
      SimulationStats simulationStats = new SimulationStats();
      KafkaReadingSink readingSink =
          owned.add(new KafkaReadingSink(simulatorKafka, simulationStats));
      FleetSimulator simulator =
          owned.add(
              new FleetSimulator(
                  simulation,
                  readingSink,
                  readingSink,
                  RateLimiter.system(simulation.readingsPerSecond()),
                  simulationStats));
      KafkaIngester ingester =
          owned.add(
              KafkaIngester.create(
                  ingestOptions, ingestKafka, ingestCassandra, clock, snapshot -> {}));
      ApiServer api =
          owned.add(
              ApiServer.create(
                  apiConfig, apiHost, session, () -> ingestMetrics(ingester.metrics()), clock));
      return new DemoPipeline(
          cassandra,
          clock,
          session,
          simulationStats,
          readingSink,
          simulator,
          ingester,
          api,
          analyticsLauncher,
          analyticsJob,
          analyticsLog);
    } catch (RuntimeException e) {
      throw owned.closeAfter(e);
    }
  }

  /**
   * The demo's streaming job starts at the topic's end: a demo shows what happens now, not a
   * backlog of earlier runs.
   */
  static Settings analyticsSettings(Settings settings) {
    return settings.with(Map.of("analytics.starting-offsets", "latest"));
  }

  /**
   * Starts the Spark job first (its start-up is the slowest), then the ingester, the simulator and
   * the API; returns when the API listens. After a failure, {@link #close} stops what runs.
   */
  void start() throws IOException {
    if (analyticsLauncher != null) {
      // Spark's output would bury the status block, so it goes to a log file.
      Files.createDirectories(analyticsLog.getParent());
      analytics =
          analyticsLauncher.launch(
              analyticsJob, ProcessBuilder.Redirect.appendTo(analyticsLog.toFile()));
    }
    ingester.start();
    simulatorThread.start();
    api.start();
  }

  private void simulate() {
    try {
      simulator.run();
    } catch (RuntimeException e) {
      // Reported through failure(): the status loop ends the demo with this message.
      simulatorFailure = e.getMessage();
    }
  }

  private static Map<String, Double> ingestMetrics(IngestMetrics metrics) {
    IngestMetrics.Snapshot latest = metrics.latest();
    return Map.of(
        "records_total",
        (double) latest.records(),
        "rows_total",
        (double) latest.rows(),
        "dead_letters_total",
        (double) latest.deadLetters(),
        "records_per_second",
        latest.recordsPerSecond(),
        "rows_per_second",
        latest.rowsPerSecond(),
        "consumer_lag",
        (double) latest.consumerLag(),
        "batch_p99_ms",
        latest.batchP99Millis(),
        "e2e_p99_ms",
        latest.e2eP99Millis());
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
      return Optional.of(
          "the simulator stopped: "
              + (simulatorFailure != null ? simulatorFailure : "no reason given")
              + " (is Kafka up?)");
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
      latestMinute = analyticsProgress.latestMinuteWindow(PROBE_SENSOR, today);
      alerts = analyticsProgress.alertsOn(today);
    } catch (RuntimeException e) {
      // Cassandra busy or restarting: the status shows what it has.
    }
    return new Status(
        sent.acked(),
        sendRate,
        ingested.rows(),
        ingested.rowsPerSecond(),
        ingested.consumerLag(),
        ingested.deadLetters(),
        analytics != null && analytics.isAlive(),
        latestMinute,
        alerts,
        api.url());
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
      analytics.close();
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
