package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The streaming job against the real stack: one simulated hour of readings goes to the class's
 * topic and, as the ingest service would store it, to sensor_data.
 */
@WithStack
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamingJobIT {

  private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
  private static final int SENSORS = 10;

  private static SparkSession spark;
  private static AnalyticsConfig config;
  private static CassandraTables tables;
  private static Map<String, Row> uninterrupted;

  @BeforeAll
  static void publishAnHour(TestStack stack) throws Exception {
    List<SensorReading> hour =
        TestReadings.fleet(SENSORS, START, Duration.ofHours(1), Duration.ofSeconds(10), 42);
    TestReadings.publish(stack.kafka().bootstrap(), stack.kafka().topic(), hour);
    config =
        AnalyticsConfig.local(
                stack.kafka(),
                stack.cassandra(),
                Files.createTempDirectory("analytics-it").toString())
            .withMaster("local[2]")
            // Generous lateness: the restart test splits each partition at an arbitrary offset.
            .withStream(Duration.ofSeconds(1), Duration.ofMinutes(10), "earliest", 0);
    spark = SparkSessions.open(config, "streaming-it");
    tables = new CassandraTables(spark, stack.cassandra().keyspace());
    TestReadings.store(spark, stack.cassandra().keyspace(), hour);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  @Order(1)
  void minuteAggregatesOfTheStreamEqualABatchRecomputationFromSensorData() throws Exception {
    try (StreamingJob job =
        new StreamingJob(
            spark,
            config.withCheckpointDir(config.checkpointDir() + "/uninterrupted"),
            AlertThresholds.defaults(),
            true)) {
      job.start();
      job.awaitTermination();
      assertThat(job.lateRows()).isZero();
      assertThat(job.invalidRows()).isZero();
    }
    uninterrupted = byKey(tables.read("sensor_agg_minute").collectAsList());
    Map<String, Row> recomputed =
        byKey(
            MinuteAggregates.of(
                    new BatchJob(spark, tables.keyspace(), java.time.Clock.systemUTC())
                        .readings(
                            java.util.stream.IntStream.rangeClosed(1, SENSORS).boxed().toList(),
                            List.of(START.atZone(java.time.ZoneOffset.UTC).toLocalDate())))
                .collectAsList());

    assertThat(uninterrupted).hasSize(SENSORS * 60);
    assertSameAggregates(uninterrupted, recomputed, 1e-4);
  }

  @Test
  @Order(2)
  void aQueryStoppedAndRestartedFromItsCheckpointProducesTheSameAggregates(TestStack stack)
      throws Exception {
    stack.session().execute("TRUNCATE sensor_agg_minute");
    AnalyticsConfig paced =
        config
            .withCheckpointDir(config.checkpointDir() + "/restarted")
            .withStream(Duration.ofSeconds(1), Duration.ofMinutes(10), "earliest", 600);
    try (StreamingJob first = new StreamingJob(spark, paced, AlertThresholds.defaults(), false)) {
      first.start();
      // Stop after some, not all, of the 3,600 readings (600 per micro-batch, one a second). Only
      // the aggregates query counts: waiting for the slower alerts query as well let the
      // aggregates run through all the readings on a quiet machine.
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  first.queries().stream()
                      .filter(q -> StreamingJob.AGGREGATES.equals(q.name()))
                      .allMatch(q -> q.recentProgress().length >= 2));
    }
    long afterFirstRun = stack.count("sensor_agg_minute");
    try (StreamingJob second = new StreamingJob(spark, paced, AlertThresholds.defaults(), true)) {
      second.start();
      second.awaitTermination();
    }
    Map<String, Row> restarted = byKey(tables.read("sensor_agg_minute").collectAsList());

    assertThat(afterFirstRun).isBetween(1L, (long) SENSORS * 60 - 1);
    assertSameAggregates(restarted, uninterrupted, 1e-9);
  }

  private static Map<String, Row> byKey(List<Row> rows) {
    Map<String, Row> keyed = new TreeMap<>();
    for (Row row : rows) {
      keyed.put(row.getAs("sensor_id") + "@" + row.getAs("window_start"), row);
    }
    return keyed;
  }

  /** sensor_data holds floats, the stream doubles: hence a tolerance for that comparison. */
  private static void assertSameAggregates(
      Map<String, Row> actual, Map<String, Row> expected, double tolerance) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, Row> entry : expected.entrySet()) {
      Row a = actual.get(entry.getKey());
      Row e = entry.getValue();
      assertThat(((Number) a.getAs("readings")).longValue())
          .as(entry.getKey())
          .isEqualTo(((Number) e.getAs("readings")).longValue());
      for (String column :
          List.of(
              "temperature_min",
              "temperature_max",
              "temperature_avg",
              "humidity_min",
              "humidity_max",
              "humidity_avg")) {
        assertThat(((Number) a.getAs(column)).doubleValue())
            .as(entry.getKey() + " " + column)
            .isCloseTo(((Number) e.getAs(column)).doubleValue(), within(tolerance));
      }
    }
  }
}
