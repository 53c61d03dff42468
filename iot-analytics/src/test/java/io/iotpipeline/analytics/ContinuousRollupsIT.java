package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Hour and day rollups appear while the streaming job runs, with no batch command: readings of two
 * past hours are stored (as the ingester would) and published; a late reading for one of those
 * closed hours re-rolls that hour and its day only; and every row equals what {@code ./iot
 * analytics batch} then computes from the same readings.
 */
@WithStack
class ContinuousRollupsIT {

  private static final int SENSORS = 4;
  private static final String[] MEASURES = {
    "temperature_min",
    "temperature_max",
    "temperature_avg",
    "humidity_min",
    "humidity_max",
    "humidity_avg"
  };

  @Test
  void closedHoursAndTheirDaysAreRolledUpWithoutABatchAndLateReadingsRerollTheirHour(
      TestStack stack) throws Exception {
    Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    List<SensorReading> readings =
        TestReadings.fleet(SENSORS, first, Duration.ofHours(2), Duration.ofSeconds(30), 7);
    TreeSet<LocalDate> days = new TreeSet<>();
    readings.forEach(r -> days.add(r.day()));
    AnalyticsConfig config =
        AnalyticsConfig.local(
                stack.kafka(),
                stack.cassandra(),
                Files.createTempDirectory("rollups-it").toString())
            .withMaster("local[2]")
            .withStream(Duration.ofSeconds(1), Duration.ofSeconds(30), "earliest", 0);
    SparkSession spark = SparkSessions.open(config, "rollups-it");
    try {
      TestReadings.store(spark, stack.cassandra().keyspace(), readings);
      TestReadings.publish(stack.kafka().bootstrap(), stack.kafka().topic(), readings);
      try (StreamingJob job =
          new StreamingJob(
              spark,
              config,
              AlertThresholds.defaults(),
              false,
              new RollupSchedule(Duration.ofSeconds(2), Duration.ZERO))) {
        job.start();
        await("both hours of every sensor rolled up, and their days")
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () ->
                    sum(hours(stack), "readings") == readings.size()
                        && days(stack).size() == SENSORS * days.size());
        Map<String, Row> hoursBefore = hours(stack);
        assertThat(hoursBefore).hasSize(SENSORS * 2);
        assertThat(hoursBefore.values())
            .allSatisfy(row -> assertThat(row.getLong("readings")).isEqualTo(120));
        assertThat(sum(days(stack), "readings")).isEqualTo(readings.size());

        // Late by hours, far beyond the watermark: sensor 1, in the first (closed) hour.
        SensorReading late =
            new SensorReading(
                1, first.plusSeconds(600).plusMillis(123), 60.0, 50.0, 9999, "site-1");
        TestReadings.store(spark, stack.cassandra().keyspace(), List.of(late));
        TestReadings.publish(stack.kafka().bootstrap(), stack.kafka().topic(), List.of(late));
        String lateHour = key(1, first);
        await("the late reading's hour rolled up again")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(2))
            .until(() -> hours(stack).get(lateHour).getLong("readings") == 121);
        Map<String, Row> hoursAfter = hours(stack);
        assertThat(hoursAfter.get(lateHour).getDouble("temperature_max")).isEqualTo(60.0);
        await("the late reading's day rolled up again")
            .atMost(Duration.ofMinutes(1))
            .until(() -> sum(days(stack), "readings") == readings.size() + 1);
        // Only that hour was written again.
        hoursBefore.forEach(
            (key, row) -> {
              if (!key.equals(lateHour)) {
                assertThat(hoursAfter.get(key).getLong("written"))
                    .as("write time of %s", key)
                    .isEqualTo(row.getLong("written"));
              }
            });
        assertThat(hoursAfter.get(lateHour).getLong("written"))
            .isGreaterThan(hoursBefore.get(lateHour).getLong("written"));
      }
      Map<String, Row> continuousHours = hours(stack);
      Map<String, Row> continuousDays = days(stack);

      new BatchJob(spark, stack.cassandra().keyspace(), Clock.systemUTC())
          .run(new BatchJob.Request(days.first(), days.last(), List.of(), 3));

      assertSame(continuousHours, hours(stack));
      assertSame(continuousDays, days(stack));
    } finally {
      spark.stop();
    }
  }

  private static String key(int sensor, Object window) {
    return sensor + "|" + window;
  }

  private static Map<String, Row> hours(TestStack stack) {
    Map<String, Row> rows = new TreeMap<>();
    for (Row row :
        stack
            .session()
            .execute(
                "SELECT sensor_id, window_start, readings, minutes_with_data, "
                    + String.join(", ", MEASURES)
                    + ", WRITETIME(readings) AS written FROM sensor_agg_hour")) {
      rows.put(key(row.getInt("sensor_id"), row.getInstant("window_start")), row);
    }
    return rows;
  }

  private static Map<String, Row> days(TestStack stack) {
    Map<String, Row> rows = new TreeMap<>();
    for (Row row :
        stack
            .session()
            .execute(
                "SELECT sensor_id, day, readings, minutes_with_data, "
                    + String.join(", ", MEASURES)
                    + " FROM sensor_agg_day")) {
      rows.put(key(row.getInt("sensor_id"), row.getLocalDate("day")), row);
    }
    return rows;
  }

  private static long sum(Map<String, Row> rows, String column) {
    return rows.values().stream().mapToLong(row -> row.getLong(column)).sum();
  }

  private static void assertSame(Map<String, Row> continuous, Map<String, Row> batch) {
    assertThat(continuous.keySet()).isEqualTo(batch.keySet());
    continuous.forEach(
        (key, row) -> {
          Row recomputed = batch.get(key);
          assertThat(row.getLong("readings")).as(key).isEqualTo(recomputed.getLong("readings"));
          assertThat(row.getLong("minutes_with_data"))
              .as(key)
              .isEqualTo(recomputed.getLong("minutes_with_data"));
          for (String measure : MEASURES) {
            assertThat(row.getDouble(measure))
                .as("%s %s", key, measure)
                .isCloseTo(recomputed.getDouble(measure), within(1e-9));
          }
        });
  }
}
