package io.iotpipeline.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.api.ApiConfig;
import io.iotpipeline.api.ApiServer;
import io.iotpipeline.api.bench.ApiBenchmark;
import io.iotpipeline.api.pipeline.PipelineMetricsSource;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.ingest.IngestBenchmark;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.ingest.KafkaIngester;
import io.iotpipeline.stack.StackException;
import io.iotpipeline.stack.schema.CassandraSessions;
import io.iotpipeline.stack.schema.KafkaTopics;
import io.iotpipeline.stack.schema.SchemaMigrator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** The {@code ./iot bench} sections beside ingest's: simulator, analytics and API. */
final class BenchSections {
  private BenchSections() {}

  private static final int SENSORS = 1000;

  /** A topic of its own for a section, deleted afterwards. */
  private static KafkaSettings scratchTopic(Settings settings, String name) {
    KafkaSettings kafka = KafkaSettings.from(settings);
    String topic = "bench-" + name + "-" + Long.toString(System.nanoTime(), 36);
    KafkaSettings scratch = kafka.withTopic(topic, kafka.dlqTopic());
    KafkaTopics.ensure(scratch.bootstrap(),
        List.of(new NewTopic(topic, kafka.partitions(), kafka.replicationFactor())));
    return scratch;
  }

  private static void deleteTopic(KafkaSettings kafka) {
    try {
      KafkaTopics.delete(kafka.bootstrap(), List.of(kafka.topic()));
    } catch (StackException e) {
      System.out.println("note: could not delete " + kafka.topic() + ": " + e.getMessage());
    }
  }

  /** The simulator's maximum rate into the local broker: unpaced, clean data, 1000 sensors. */
  static final class SimulatorSection implements BenchCommand.Section {
    @Override
    public String name() {
      return "simulator";
    }

    @Override
    public Map<String, Object> run(Settings settings, boolean quick) {
      KafkaSettings topic = scratchTopic(settings, "simulator");
      long count = quick ? 1_000_000 : 3_000_000;
      try {
        long began = System.nanoTime();
        BenchCommand.IngestSection.simulate(topic, SENSORS, count, 0, Instant.now());
        double seconds = (System.nanoTime() - began) / 1e9;
        double rate = count / seconds;
        System.out.printf(Locale.ROOT, "  %,d readings acked in %.1f s: %,.0f readings/s%n", count,
            seconds, rate);
        return Map.of("simulator_max_events_per_s", Math.round(rate));
      } finally {
        deleteTopic(topic);
      }
    }
  }

  /**
   * Spark batch rollups of a known number of rows: the Spark job writes {@code rows} readings of
   * one day into {@code bench_analytics} through the connector, then rolls the day up cold and warm
   * in one session (see iot-analytics BatchBenchmark).
   */
  static final class AnalyticsSection implements BenchCommand.Section {
    static final String KEYSPACE = "bench_analytics";

    @Override
    public String name() {
      return "analytics";
    }

    @Override
    public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
      Settings bench = settings.with(Map.of("cassandra.keyspace", KEYSPACE, "cassandra.ttl", "1d"));
      CassandraSettings cassandra = CassandraSettings.from(bench);
      try (CqlSession session = CassandraSessions.open(cassandra)) {
        new SchemaMigrator(cassandra).migrate(session);
        // Exactly the rows this run writes: earlier runs wrote other timestamps of the same day.
        session.execute(SimpleStatement.newInstance("TRUNCATE " + KEYSPACE + ".sensor_data")
            .setTimeout(cassandra.ddlTimeout()));
      }
      AnalyticsCommand.JobOptions job = new AnalyticsCommand.JobOptions();
      job.master = "local[*]";
      job.driverMemory = "2g";
      long rows = quick ? 200_000 : 1_000_000;
      Process child = AnalyticsCommand.processBuilder(bench, job, List.of("bench",
              "--rows", Long.toString(rows), "--sensors", Integer.toString(SENSORS)))
          .redirectErrorStream(true).start();
      Map<String, Object> figures = new LinkedHashMap<>();
      try (BufferedReader output = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = output.readLine()) != null) {
          if (line.startsWith("BENCH {")) {
            for (String pair : line.substring(7, line.length() - 1).split(",")) {
              String[] keyValue = pair.split(":");
              figures.put(keyValue[0].strip().replace("\"", ""), Double.parseDouble(keyValue[1]));
            }
          } else if (line.startsWith("Wrote") || line.startsWith("Rollup run")) {
            System.out.println("  " + line);
          }
        }
      }
      if (child.waitFor() != 0 || figures.isEmpty()) {
        throw new UserFacingException("the analytics benchmark failed (exit " + child.exitValue()
            + "); its Spark job runs as: ./iot analytics ... (see docs/analytics.md)");
      }
      long rolledUp = Math.round((Double) figures.get("rollup_rows"));
      figures.put("rollup_rows", rolledUp);
      figures.put("rollup_warm_rows_per_s", Math.round(rolledUp / (Double) figures.get("rollup_warm_s")));
      return figures;
    }
  }

  /**
   * API read latency while the pipeline ingests 10k readings/s: the whole fleet's latest readings
   * and one day of one sensor, against the API in this JVM over {@code bench_keyspace}.
   */
  static final class ApiSection implements BenchCommand.Section {
    @Override
    public String name() {
      return "api";
    }

    @Override
    public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
      Settings bench = settings.with(Map.of("cassandra.keyspace", IngestBenchmark.KEYSPACE,
          "api.port", "0"));
      CassandraSettings cassandra = CassandraSettings.from(bench);
      KafkaSettings topic = scratchTopic(bench, "api");
      Duration measure = Duration.ofSeconds(quick ? 5 : 15);
      try (CqlSession session = CassandraSessions.open(cassandra)) {
        new SchemaMigrator(cassandra).migrate(session);
      }
      try (CqlSession session = CassandraSessions.openInKeyspace(cassandra);
          KafkaIngester ingester = KafkaIngester.create(IngestOptions.from(bench)
              .withGroupId("bench-api-" + System.nanoTime()), topic, cassandra, Clock.systemUTC(),
              snapshot -> { }).start();
          ApiServer api = ApiServer.create(ApiConfig.from(bench.with(Map.of(
              "kafka.topic", topic.topic()))), "127.0.0.1", session, PipelineMetricsSource.NONE,
              Clock.systemUTC()).start()) {
        // Load for the whole measurement: 10 s lead-in, then two targets of 3 s warm-up + measure.
        long seconds = 2 * measure.toSeconds() + 16;
        Thread load = new Thread(() -> BenchCommand.IngestSection.simulate(topic, SENSORS,
            seconds * 10_000, 10_000, Instant.now().truncatedTo(ChronoUnit.SECONDS)), "bench-api-load");
        load.setDaemon(true);
        load.start();
        Thread.sleep(10_000); // the fleet's readings are flowing before the first timed request
        List<ApiBenchmark.Result> results = new ApiBenchmark(api.url(), "")
            .run(ApiBenchmark.standardTargets(1).subList(0, 2), Duration.ofSeconds(3), measure);
        Map<String, Object> figures = new LinkedHashMap<>();
        String[] keys = {"api_fleet_latest", "api_sensor_day"};
        for (int i = 0; i < results.size(); i++) {
          ApiBenchmark.Result result = results.get(i);
          System.out.printf(Locale.ROOT, "  %-55s %,6d requests, %d errors, p50 %.1f ms, p99 %.1f ms%n",
              result.name(), result.requests(), result.errors(), result.p50Millis(),
              result.p99Millis());
          figures.put(keys[i] + "_p50_ms", round(result.p50Millis()));
          figures.put(keys[i] + "_p99_ms", round(result.p99Millis()));
        }
        load.join(Duration.ofSeconds(60).toMillis());
        return figures;
      } finally {
        deleteTopic(topic);
      }
    }

    private static double round(double millis) {
      return Math.round(millis * 10) / 10.0;
    }
  }
}
