package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sin;

import io.iotpipeline.bench.CpuSettle;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Batch rollup time for a known number of rows: writes {@code rows} readings of {@code sensors}
 * sensors spread over one day into {@code sensor_data} (through the connector), then rolls that
 * day up once cold and twice warm in the same session. Prints one {@code BENCH {...}} line.
 */
final class BatchBenchmark {
  private BatchBenchmark() {}

  static void run(SparkSession spark, String keyspace, long rows, int sensors) {
    LocalDate day = LocalDate.of(2026, 1, 1);
    long perSensor = Math.max(1, rows / sensors);
    double stepMillis = 86_400_000.0 / perSensor;
    long dayStart = SensorDay.startOf(day).toEpochMilli();
    Dataset<Row> readings = spark.range(rows)
        .withColumn("sensor_id", col("id").mod(sensors).plus(1).cast("int"))
        .withColumn("slot", col("id").divide(sensors).cast("long"))
        .withColumn("timestamp", col("slot").multiply(stepMillis).plus(dayStart).divide(1000)
            .cast("timestamp"))
        .withColumn("day", lit(java.sql.Date.valueOf(day)))
        .withColumn("temperature", sin(col("slot").divide(perSensor).multiply(2 * Math.PI))
            .multiply(5).plus(20).cast("float"))
        .withColumn("humidity", lit(50.0f))
        .withColumn("seq", col("slot"))
        .drop("id", "slot");
    CassandraTables tables = new CassandraTables(spark, keyspace);
    long began = System.nanoTime();
    tables.upsert(readings, Tables.SENSOR_DATA.name());
    double writeSeconds = (System.nanoTime() - began) / 1e9;
    System.out.printf(Locale.ROOT, "Wrote %,d readings of %d sensors in %.1f s%n", rows, sensors,
        writeSeconds);

    // The bulk write leaves Cassandra flushing and compacting; the rollups should not pay for it.
    Duration settled = awaitQuietCpus();
    System.out.printf(Locale.ROOT, "Waited %.0f s for the CPUs to go quiet%n", settled.toMillis() / 1000.0);

    List<Integer> ids = IntStream.rangeClosed(1, sensors).boxed().toList();
    BatchJob.Request request = new BatchJob.Request(day, day, ids, 5);
    Duration cold = null;
    Duration warm = Duration.ofDays(1);
    long rolledUp = 0;
    for (int run = 1; run <= 3; run++) {
      BatchJob.Result result = new BatchJob(spark, keyspace, Clock.systemUTC()).run(request);
      rolledUp = result.readings();
      System.out.printf(Locale.ROOT, "Rollup run %d (%s): %,d readings in %.2f s%n", run,
          run == 1 ? "cold" : "warm", result.readings(), result.took().toMillis() / 1000.0);
      if (run == 1) {
        cold = result.took();
      } else if (result.took().compareTo(warm) < 0) {
        warm = result.took();
      }
    }
    System.out.printf(Locale.ROOT, "BENCH {\"rollup_rows\": %d, \"rollup_write_s\": %.2f, "
            + "\"rollup_cold_s\": %.2f, \"rollup_warm_s\": %.2f}%n", rolledUp, writeSeconds,
        cold.toMillis() / 1000.0, warm.toMillis() / 1000.0);
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
