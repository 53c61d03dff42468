package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The batch job submitted to a Spark standalone master + worker started from the same Maven jars
 * (what {@code ./iot stack up --spark} runs): executors in the worker's JVMs read and write
 * Cassandra with only the shaded job jar shipped to them.
 */
@WithStack(spark = true)
class BatchJobClusterIT {

  private static final Instant DAY = Instant.parse("2026-11-21T00:00:00Z");
  private static final int SENSORS = 3;

  @Test
  void rollsUpADayOnTheStandaloneCluster(TestStack stack) throws Exception {
    List<SensorReading> oneDay =
        TestReadings.fleet(SENSORS, DAY, Duration.ofDays(1), Duration.ofMinutes(5), 11);
    AnalyticsConfig config =
        AnalyticsConfig.local(stack.kafka(), stack.cassandra(), "unused")
            .withMaster(stack.sparkMaster());
    System.setProperty("spark.jars", jobJar().toString());
    SparkSession spark = SparkSessions.open(config, "batch-cluster-it");
    try {
      assertThat(spark.sparkContext().master()).startsWith("spark://");
      TestReadings.store(spark, stack.cassandra().keyspace(), oneDay);
      BatchJob job = new BatchJob(spark, stack.cassandra().keyspace(), Clock.systemUTC());
      LocalDate day = DAY.atZone(ZoneOffset.UTC).toLocalDate();

      BatchJob.Result result = job.run(new BatchJob.Request(day, day, List.of(), 3));

      assertThat(result.sensors()).isEqualTo(SENSORS);
      assertThat(result.readings()).isEqualTo(SENSORS * 288L);
      assertThat(stack.count("sensor_agg_hour")).isEqualTo(SENSORS * 24L);
      assertThat(stack.count("sensor_agg_day")).isEqualTo(SENSORS);
      // The work ran on the worker's executors, not in this driver JVM.
      assertThat(spark.sparkContext().getExecutorMemoryStatus().size()).isGreaterThan(1);
    } finally {
      spark.stop();
      System.clearProperty("spark.jars");
    }
  }

  /** The shaded job jar, built by the package phase before integration tests run. */
  private static Path jobJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-job.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no *-job.jar in target/: run mvn package"))
          .toAbsolutePath();
    }
  }
}
