package io.iotpipeline.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.model.Tables;
import io.iotpipeline.stack.spark.SparkJob;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import io.iotpipeline.stack.spark.SparkJobSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** The {@code ./iot bench} sections simulator and analytics, and what the sections share. */
final class BenchSections {
  private BenchSections() {}

  private static final int SENSORS = 1000;

  /** A topic of its own for a section, deleted afterwards. */
  static KafkaSettings scratchTopic(Settings settings, String name) {
    KafkaSettings kafka = KafkaSettings.from(settings);
    String topic = "bench-" + name + "-" + Long.toString(System.nanoTime(), 36);
    KafkaSettings scratch = kafka.withTopic(topic, kafka.dlqTopic());
    KafkaTopics.ensure(scratch.bootstrap(),
        List.of(new NewTopic(topic, kafka.partitions(), kafka.replicationFactor())));
    return scratch;
  }

  static void deleteTopic(KafkaSettings kafka) {
    try {
      KafkaTopics.delete(kafka.bootstrap(), List.of(kafka.topic()));
    } catch (ClientException e) {
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

    private final Long rows;

    /** @param rows readings to write and roll up; null for 1,000,000 (200,000 quick) */
    AnalyticsSection(Long rows) {
      if (rows != null && rows < SENSORS) {
        throw new UserFacingException("--rollup-rows must be at least " + SENSORS
            + " (one reading per sensor), got " + rows);
      }
      this.rows = rows;
    }

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
        session.execute(SimpleStatement.newInstance("TRUNCATE " + Tables.SENSOR_DATA.in(KEYSPACE))
            .setTimeout(cassandra.ddlTimeout()));
      }
      int exitCode;
      long rows = this.rows != null ? this.rows : quick ? 200_000 : 1_000_000;
      // The rollup streams through hash aggregates, but 10 M rows in 8 tasks of one local JVM
      // need headroom beyond 2g for the connector's read buffers and shuffle.
      SparkJobSpec job = SparkJobSpec.local("bench", List.of("--rows", Long.toString(rows),
          "--sensors", Integer.toString(SENSORS))).withDriverMemory(rows > 2_000_000 ? "4g" : "2g");
      Map<String, Object> figures = new LinkedHashMap<>();
      try (SparkJob child = new SparkJobLauncher(bench).start(job, ProcessBuilder.Redirect.PIPE)) {
        try (BufferedReader output = new BufferedReader(
            new InputStreamReader(child.output(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = output.readLine()) != null) {
            if (line.startsWith("BENCH {")) {
              for (String pair : line.substring(7, line.length() - 1).split(",")) {
                String[] keyValue = pair.split(":");
                figures.put(keyValue[0].strip().replace("\"", ""), Double.parseDouble(keyValue[1]));
              }
            } else if (line.startsWith("Wrote") || line.startsWith("Waited")
                || line.startsWith("Rollup run")) {
              System.out.println("  " + line);
            }
          }
        }
        exitCode = child.awaitExit();
      }
      if (exitCode != 0 || figures.isEmpty()) {
        throw new UserFacingException("the analytics benchmark failed (exit " + exitCode
            + "); its Spark job runs as: ./iot analytics ... (see docs/analytics.md)");
      }
      long rolledUp = Math.round((Double) figures.get("rollup_rows"));
      figures.put("rollup_rows", rolledUp);
      figures.put("rollup_warm_rows_per_s", Math.round(rolledUp / (Double) figures.get("rollup_warm_s")));
      return figures;
    }
  }
}
