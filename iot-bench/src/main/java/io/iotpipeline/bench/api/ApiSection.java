package io.iotpipeline.bench.api;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.iotpipeline.bench.BenchException;
import io.iotpipeline.bench.BenchSettings;
import io.iotpipeline.bench.ScratchTopics;
import io.iotpipeline.bench.Section;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import io.iotpipeline.stack.child.CliChild;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * API read latency while the pipeline ingests 10k readings/s. Laid out as deployed: the simulator
 * (1000 sensors, one reading each per 100 ms of wall time), the ingester and the API server each
 * run as their own {@code iot} process against {@code bench_keyspace}; this JVM is only the client.
 *
 * <p>A day's chart of one sensor reads the minute rollups (the planner's choice for a day: 1,440
 * points), which the streaming job writes in a running pipeline. The bench runs no Spark, so it
 * first writes the measured sensor's minute rows for the past day, as the streaming job would have;
 * the raw readings of the same sensor keep arriving at 10 a second meanwhile.
 */
public final class ApiSection implements Section {

  private static final int SENSORS = BenchSettings.SENSORS;
  private static final int RATE = 10_000;
  private static final int MEASURED_SENSOR = 1;
  private static final Pattern SERVING = Pattern.compile("Serving (http://\\S+)");
  private static final Duration API_START_TIMEOUT = Duration.ofSeconds(60);

  /** Readings flow this long before the first request. */
  private static final Duration FLOWING = Duration.ofSeconds(5);

  private static final Duration LEAD_IN_PER_TARGET = Duration.ofSeconds(5);

  /** The JSON key prefix of each of {@link ApiBenchmark#standardTargets}, in their order. */
  static final List<String> KEYS = List.of("api_fleet_latest", "api_sensor_day", "api_sensor_raw");

  private final String iotMainClass;

  /**
   * @param iotMainClass the {@code iot} command's main class, run as each part's child JVM
   */
  public ApiSection(String iotMainClass) {
    this.iotMainClass = iotMainClass;
  }

  @Override
  public String name() {
    return "api";
  }

  @Override
  public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
    Settings bench = BenchSettings.inBenchKeyspace(settings);
    CassandraSettings cassandra = CassandraSettings.from(bench);
    try (CqlSession session = CassandraSessions.open(cassandra)) {
      new SchemaMigrator(cassandra).migrate(session);
      seedMinuteRollups(session, Instant.now());
    }
    KafkaSettings topic = ScratchTopics.create(bench, "api");
    Duration measure = Duration.ofSeconds(quick ? 5 : 15);
    Duration warmup = Duration.ofSeconds(3);
    List<ApiBenchmark.Target> targets = ApiBenchmark.standardTargets(MEASURED_SENSOR);
    // Load for the whole measurement: the API's start-up (up to a minute), a lead-in, then each
    // target's warm-up and measurement. Any surplus is cut short: closing stops the simulator.
    long loadSeconds =
        API_START_TIMEOUT.toSeconds()
            + FLOWING.toSeconds()
            + targets.size()
                * (LEAD_IN_PER_TARGET.toSeconds() + 1 + warmup.toSeconds() + measure.toSeconds())
            + 10;
    Path logs = Path.of(bench.get("data-dir"), "logs", "bench").toAbsolutePath().normalize();
    List<String> common =
        List.of(
            "--set",
            "cassandra.keyspace=" + BenchSettings.KEYSPACE,
            "--set",
            "kafka.topic=" + topic.topic(),
            "--kafka-bootstrap",
            topic.bootstrap(),
            "--cassandra-contact-points",
            bench.get("cassandra.contact-points"),
            "--data-dir",
            bench.get("data-dir"));
    try (CliChild api =
            CliChild.launch(
                "the API server",
                iotMainClass,
                with(common, "serve", "--host", "127.0.0.1", "--port", "0"),
                logs.resolve("api.log"));
        CliChild ingest =
            CliChild.launch(
                "the ingester",
                iotMainClass,
                with(
                    common,
                    "ingest",
                    "--group",
                    "bench-api-" + Long.toString(System.nanoTime(), 36)),
                logs.resolve("api-ingest.log"));
        CliChild load =
            CliChild.launch(
                "the simulator",
                iotMainClass,
                with(
                    common,
                    "simulate",
                    "--sensors",
                    Integer.toString(SENSORS),
                    "--interval",
                    "100ms",
                    "--duration",
                    loadSeconds + "s",
                    "--no-faults"),
                logs.resolve("api-simulate.log"))) {
      String url = api.awaitOutput(SERVING, API_START_TIMEOUT).group(1);
      System.out.printf(
          "  simulator (%,d readings/s), ingester and API (%s) run as separate "
              + "processes; logs in %s%n",
          RATE, url, logs);
      Thread.sleep(FLOWING.toMillis());
      ApiBenchmark client = new ApiBenchmark(url, "");
      List<ApiBenchmark.Result> results;
      long liveEvents;
      long liveReadings;
      // A dashboard is open the whole time: its live stream makes the server read every reading.
      try (LiveStreamWatcher dashboard = LiveStreamWatcher.open(url, "")) {
        // A server that has been up a while: the fresh API JVM compiles its hot paths first.
        client.run(targets, LEAD_IN_PER_TARGET, Duration.ofSeconds(1));
        long eventsBefore = dashboard.readingEvents();
        long readingsBefore = dashboard.readingsSeen();
        results = client.run(targets, warmup, measure);
        liveEvents = dashboard.readingEvents() - eventsBefore;
        liveReadings = dashboard.readingsSeen() - readingsBefore;
        if (!dashboard.open() || liveReadings == 0) {
          throw new BenchException(
              "the dashboard's live stream "
                  + (dashboard.open()
                      ? "carried no readings"
                      : "ended (" + dashboard.failure() + ")")
                  + " during the measurement; see "
                  + api.log());
        }
      }
      for (CliChild child : List.of(api, ingest, load)) {
        child.checkAlive(); // a part that died mid-run would make the figures meaningless
      }
      System.out.println("  ingester during the measurement: " + lastProgressLine(ingest));
      System.out.printf(
          "  a live-stream client (the dashboard) was connected throughout: %,d"
              + " events covering %,d readings during the measurement%n",
          liveEvents, liveReadings);
      for (ApiBenchmark.Result result : results) {
        System.out.printf(
            Locale.ROOT,
            "  %-55s %,6d requests, %d errors, p50 %.1f ms, p99 %.1f ms%n",
            result.name(),
            result.requests(),
            result.errors(),
            result.p50Millis(),
            result.p99Millis());
        if (result.errors() > 0) {
          throw new BenchException(
              result.errors() + " requests to " + result.name() + " failed; see " + api.log());
        }
      }
      return figures(results, liveReadings);
    } finally {
      ScratchTopics.delete(topic);
    }
  }

  /** The section's figures: p50 and p99 of each standard target, then the live stream's count. */
  static Map<String, Object> figures(List<ApiBenchmark.Result> results, long liveReadings) {
    Map<String, Object> figures = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      figures.put(KEYS.get(i) + "_p50_ms", round(results.get(i).p50Millis()));
      figures.put(KEYS.get(i) + "_p99_ms", round(results.get(i).p99Millis()));
    }
    figures.put("api_live_stream_readings", liveReadings);
    return figures;
  }

  /** The past day of minute windows of the measured sensor, shaped like the stream job's rows. */
  private static void seedMinuteRollups(CqlSession session, Instant now) {
    PreparedStatement insert =
        session.prepare(
            "INSERT INTO "
                + Tables.SENSOR_AGG_MINUTE.in(BenchSettings.KEYSPACE)
                + " (sensor_id, day, window_start,"
                + " readings, temperature_min, temperature_max, temperature_avg, humidity_min, humidity_max,"
                + " humidity_avg)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL 86400");
    Instant newest = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(2));
    List<BatchStatement> batches = new ArrayList<>();
    BatchStatementBuilder batch = null;
    LocalDate batchDay = null;
    for (int minute = 0; minute < 1440; minute++) {
      Instant window = newest.minus(Duration.ofMinutes(minute));
      LocalDate day = SensorDay.utcDay(window);
      if (batch == null || !day.equals(batchDay) || batch.getStatementsCount() == 60) {
        if (batch != null) {
          batches.add(batch.build());
        }
        batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
        batchDay = day;
      }
      double temperature = 21 + 4 * Math.sin(minute * 2 * Math.PI / 1440);
      batch.addStatement(
          insert.bind(
              MEASURED_SENSOR,
              day,
              window,
              600L,
              temperature - 0.4,
              temperature + 0.4,
              temperature,
              44.0,
              46.0,
              45.0));
    }
    batches.add(batch.build());
    batches.forEach(session::execute);
  }

  private static String lastProgressLine(CliChild ingest) {
    String[] lines = ingest.tail(5).split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].contains("rows/s")) {
        return lines[i].strip();
      }
    }
    return "(no progress line yet; see " + ingest.log() + ")";
  }

  private static List<String> with(List<String> common, String... command) {
    List<String> arguments = new ArrayList<>(List.of(command));
    arguments.addAll(common);
    return arguments;
  }

  private static double round(double millis) {
    return Math.round(millis * 10) / 10.0;
  }
}
