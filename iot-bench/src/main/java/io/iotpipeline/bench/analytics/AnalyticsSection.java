package io.iotpipeline.bench.analytics;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.bench.BenchException;
import io.iotpipeline.bench.BenchSettings;
import io.iotpipeline.bench.Section;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.model.Tables;
import io.iotpipeline.stack.spark.SparkJob;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import io.iotpipeline.stack.spark.SparkJobSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spark batch rollups of a known number of rows: the Spark job writes {@code rows} readings of one
 * day into {@code bench_analytics} through the connector, then rolls the day up cold and warm in
 * one session (iot-analytics {@code io.iotpipeline.analytics.bench.BatchBenchmark}), and writes its
 * figures to a JSON file this section reads.
 */
public final class AnalyticsSection implements Section {

  /** The figures the Spark job writes, in the order they are reported. */
  static final List<String> JOB_FIGURES =
      List.of("rollup_rows", "rollup_write_s", "rollup_cold_s", "rollup_warm_s");

  private final Long rows;

  /**
   * @param rows readings to write and roll up; null for 1,000,000 (200,000 quick)
   */
  public AnalyticsSection(Long rows) {
    if (rows != null && rows < BenchSettings.SENSORS) {
      throw new BenchException(
          "--rollup-rows must be at least "
              + BenchSettings.SENSORS
              + " (one reading per sensor), got "
              + rows);
    }
    this.rows = rows;
  }

  @Override
  public String name() {
    return "analytics";
  }

  @Override
  public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
    String keyspace = BenchSettings.ANALYTICS_KEYSPACE;
    Settings bench = settings.with(Map.of("cassandra.keyspace", keyspace, "cassandra.ttl", "1d"));
    CassandraSettings cassandra = CassandraSettings.from(bench);
    try (CqlSession session = CassandraSessions.open(cassandra)) {
      new SchemaMigrator(cassandra).migrate(session);
      // Exactly the rows this run writes: earlier runs wrote other timestamps of the same day.
      session.execute(
          SimpleStatement.newInstance("TRUNCATE " + Tables.SENSOR_DATA.in(keyspace))
              .setTimeout(cassandra.ddlTimeout()));
    }
    long rows = this.rows != null ? this.rows : quick ? 200_000 : 1_000_000;
    Path runDirectory = Path.of(bench.get("data-dir"), "run").toAbsolutePath();
    Files.createDirectories(runDirectory);
    Path figuresFile = Files.createTempFile(runDirectory, "bench-analytics-", ".json");
    try {
      // The rollup streams through hash aggregates, but 10 M rows in 8 tasks of one local JVM
      // need headroom beyond 2g for the connector's read buffers and shuffle.
      SparkJobSpec job =
          SparkJobSpec.local(
                  "bench",
                  List.of(
                      "--rows",
                      Long.toString(rows),
                      "--sensors",
                      Integer.toString(BenchSettings.SENSORS),
                      "--figures-file",
                      figuresFile.toString()))
              .withDriverMemory(rows > 2_000_000 ? "4g" : "2g");
      int exitCode = runJob(new SparkJobLauncher(bench), job);
      if (exitCode != 0 || Files.size(figuresFile) == 0) {
        throw new BenchException(
            "the analytics benchmark failed (exit "
                + exitCode
                + "); its Spark job runs as: ./iot analytics ... (see docs/analytics.md)");
      }
      return figures(new ObjectMapper().readTree(figuresFile.toFile()));
    } finally {
      Files.deleteIfExists(figuresFile);
    }
  }

  /** Runs the job, passing on its progress lines, and returns its exit code. */
  private static int runJob(SparkJobLauncher launcher, SparkJobSpec job) throws Exception {
    try (SparkJob child = launcher.launch(job, ProcessBuilder.Redirect.PIPE)) {
      try (BufferedReader output =
          new BufferedReader(new InputStreamReader(child.output(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = output.readLine()) != null) {
          if (line.startsWith("Wrote")
              || line.startsWith("Waited")
              || line.startsWith("Rollup run")) {
            System.out.println("  " + line);
          }
        }
      }
      return child.awaitExit();
    }
  }

  /** The section's figures from what the Spark job wrote, plus the warm rollup's rows/s. */
  static Map<String, Object> figures(JsonNode written) {
    Map<String, Object> figures = new LinkedHashMap<>();
    for (String key : JOB_FIGURES) {
      JsonNode value = written.get(key);
      if (value == null || !value.isNumber()) {
        throw new BenchException("the analytics benchmark's figures lack " + key + ": " + written);
      }
      figures.put(key, value.asDouble());
    }
    long rolledUp = Math.round((Double) figures.get("rollup_rows"));
    figures.put("rollup_rows", rolledUp);
    figures.put(
        "rollup_warm_rows_per_s", Math.round(rolledUp / (Double) figures.get("rollup_warm_s")));
    return figures;
  }
}
