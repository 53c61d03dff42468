package io.iotpipeline.analytics.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.analytics.BatchJob;
import io.iotpipeline.analytics.CassandraTables;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Batch rollup time for a known number of rows: writes {@code rows} readings of {@code sensors}
 * sensors spread over one day into {@code sensor_data} (through the connector), then rolls that day
 * up once cold and twice warm in the same session. Writes its figures to a file as one JSON object
 * (see {@link #figures}), which {@code ./iot bench} reads.
 */
public final class BatchBenchmark {
  private BatchBenchmark() {}

  /**
   * @param figuresFile where the figures go, replaced if it exists
   */
  public static void run(
      SparkSession spark, String keyspace, long rows, int sensors, Path figuresFile) {
    LocalDate day = LocalDate.of(2026, 1, 1);
    long perSensor = Math.max(1, rows / sensors);
    double stepMillis = 86_400_000.0 / perSensor;
    long dayStart = SensorDay.startOf(day).toEpochMilli();
    Dataset<Row> readings =
        spark
            .range(rows)
            .withColumn("sensor_id", col("id").mod(sensors).plus(1).cast("int"))
            .withColumn("slot", col("id").divide(sensors).cast("long"))
            .withColumn(
                "timestamp",
                col("slot").multiply(stepMillis).plus(dayStart).divide(1000).cast("timestamp"))
            .withColumn("day", lit(java.sql.Date.valueOf(day)))
            .withColumn(
                "temperature",
                sin(col("slot").divide(perSensor).multiply(2 * Math.PI))
                    .multiply(5)
                    .plus(20)
                    .cast("float"))
            .withColumn("humidity", lit(50.0f))
            .withColumn("seq", col("slot"))
            .drop("id", "slot");
    CassandraTables tables = new CassandraTables(spark, keyspace);
    long began = System.nanoTime();
    tables.upsert(readings, Tables.SENSOR_DATA.name());
    double writeSeconds = (System.nanoTime() - began) / 1e9;
    System.out.printf(
        Locale.ROOT, "Wrote %,d readings of %d sensors in %.1f s%n", rows, sensors, writeSeconds);

    // The bulk write leaves Cassandra flushing and compacting; the rollups should not pay for it.
    Duration settled = awaitQuietCpus();
    System.out.printf(
        Locale.ROOT, "Waited %.0f s for the CPUs to go quiet%n", settled.toMillis() / 1000.0);

    List<Integer> ids = IntStream.rangeClosed(1, sensors).boxed().toList();
    BatchJob.Request request = new BatchJob.Request(day, day, ids, 5);
    Duration cold = null;
    Duration warm = Duration.ofDays(1);
    long rolledUp = 0;
    for (int run = 1; run <= 3; run++) {
      BatchJob.Result result = new BatchJob(spark, keyspace, Clock.systemUTC()).run(request);
      rolledUp = result.readings();
      System.out.printf(
          Locale.ROOT,
          "Rollup run %d (%s): %,d readings in %.2f s%n",
          run,
          run == 1 ? "cold" : "warm",
          result.readings(),
          result.took().toMillis() / 1000.0);
      if (run == 1) {
        cold = result.took();
      } else if (result.took().compareTo(warm) < 0) {
        warm = result.took();
      }
    }
    write(figuresFile, figures(rolledUp, writeSeconds, cold, warm));
  }

  /** The figures under their {@code ./iot bench} JSON keys, seconds to two decimals. */
  static Map<String, Object> figures(
      long rolledUp, double writeSeconds, Duration cold, Duration warm) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("rollup_rows", rolledUp);
    figures.put("rollup_write_s", hundredths(writeSeconds));
    figures.put("rollup_cold_s", hundredths(cold.toMillis() / 1000.0));
    figures.put("rollup_warm_s", hundredths(warm.toMillis() / 1000.0));
    return figures;
  }

  static void write(Path file, Map<String, Object> figures) {
    // Spark's own Jackson: on this classpath a Jackson of ours would clash with it.
    try {
      new ObjectMapper().writeValue(file.toFile(), figures);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the figures to " + file, e);
    }
  }

  /** Rounded as the former {@code %.2f} report line was, so the figures stay comparable. */
  private static double hundredths(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  private static Duration awaitQuietCpus() {
    try {
      return CpuSettle.awaitQuietBetweenPhases();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for quiet CPUs", e);
    }
  }
}
