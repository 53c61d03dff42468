package io.iotpipeline.analytics;

import static io.iotpipeline.analytics.LocalSpark.reading;
import static io.iotpipeline.analytics.LocalSpark.ts;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

  private static final AlertThresholds LIMITS =
      new AlertThresholds(40.0, 0.0, 90.0, 10.0, 3.0, 5, 1e-6, Duration.ofSeconds(60));

  /** Fresh readings as the sequencer wants them: not carried, no run yet. */
  private static Dataset<Row> fresh(List<Row> rows) {
    return LocalSpark.readings(rows)
        .withColumn("carried", lit(false))
        .withColumn("run_start", lit(null).cast("timestamp"))
        .withColumn("run_length", lit(null).cast("long"));
  }

  private static List<Row> sorted(Dataset<Row> alerts) {
    return alerts.orderBy("sensor_id", "ts").collectAsList();
  }

  @Test
  void thresholdRaisesOneAlertPerSensorAndMinuteAtTheMinuteStart() {
    List<Row> alerts =
        sorted(
            AlertRules.threshold(
                LocalSpark.readings(
                    List.of(
                        reading(1, "2026-11-28T10:00:05Z", 41.0, 50.0),
                        reading(1, "2026-11-28T10:00:06Z", 43.5, 50.0),
                        reading(1, "2026-11-28T10:00:07Z", 39.0, 50.0),
                        reading(2, "2026-11-28T10:00:07Z", 20.0, 95.0),
                        reading(3, "2026-11-28T10:00:07Z", 20.0, 50.0))),
                LIMITS));

    assertThat(alerts).hasSize(2);
    Row hot = alerts.get(0);
    assertThat(hot.<Integer>getAs("sensor_id")).isEqualTo(1);
    assertThat(hot.<java.sql.Timestamp>getAs("ts")).isEqualTo(ts("2026-11-28T10:00:00Z"));
    assertThat(hot.<String>getAs("rule")).isEqualTo(AlertRules.THRESHOLD);
    assertThat(hot.<Double>getAs("value")).isEqualTo(43.5);
    assertThat(hot.<Double>getAs("limit_value")).isEqualTo(40.0);
    assertThat(hot.<String>getAs("detail")).startsWith("temperature above");
    assertThat(alerts.get(1).<String>getAs("detail")).startsWith("humidity above");
    assertThat(List.of(hot.schema().fieldNames())).containsExactly(AlertRules.COLUMNS);
  }

  @Test
  void spikeFlagsAFastJumpButNotASlowClimb() {
    Dataset<Row> sequenced =
        AlertRules.sequence(
            fresh(
                List.of(
                    reading(1, "2026-11-28T10:00:00Z", 20.0, 50.0),
                    reading(1, "2026-11-28T10:00:01Z", 30.0, 50.1),
                    reading(2, "2026-11-28T10:00:00Z", 20.0, 50.0),
                    reading(2, "2026-11-28T10:00:10Z", 30.0, 50.1))),
            LIMITS);

    List<Row> alerts = sorted(AlertRules.spikes(sequenced, LIMITS));

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.<Integer>getAs("sensor_id")).isEqualTo(1);
              assertThat(alert.<java.sql.Timestamp>getAs("ts"))
                  .isEqualTo(ts("2026-11-28T10:00:01Z"));
              assertThat(alert.<Double>getAs("value")).isEqualTo(10.0);
            });
  }

  @Test
  void spikeComparesTheFirstReadingOfABatchWithTheCarriedPreviousOne() {
    Dataset<Row> carried =
        LocalSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        1,
                        ts("2026-11-28T10:00:00Z"),
                        20.0,
                        50.0,
                        true,
                        ts("2026-11-28T10:00:00Z"),
                        1L)),
                SensorActivity.CARRIED);
    Dataset<Row> sequenced =
        AlertRules.sequence(
            fresh(List.of(reading(1, "2026-11-28T10:00:01Z", 29.0, 50.2))).unionByName(carried),
            LIMITS);

    assertThat(sorted(AlertRules.spikes(sequenced, LIMITS)))
        .singleElement()
        .satisfies(alert -> assertThat(alert.<Double>getAs("value")).isEqualTo(9.0));
  }

  @Test
  void stuckFlagsOneAlertPerRunOfIdenticalReadingsDatedAtTheRunStart() {
    List<Row> rows = new ArrayList<>();
    Instant start = Instant.parse("2026-11-28T10:00:00Z");
    for (int i = 0; i < 8; i++) {
      // Sensor 1: two varying readings, then six identical ones. Sensor 2: always varying.
      double value = i < 2 ? 20.0 + i : 22.5;
      rows.add(RowFactory.create(1, java.sql.Timestamp.from(start.plusSeconds(i)), value, 40.0));
      rows.add(
          RowFactory.create(2, java.sql.Timestamp.from(start.plusSeconds(i)), 20 + i * 0.1, 40.0));
    }
    Dataset<Row> sequenced = AlertRules.sequence(fresh(rows), LIMITS);

    List<Row> alerts = sorted(AlertRules.stuck(sequenced, LIMITS));

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.<Integer>getAs("sensor_id")).isEqualTo(1);
              // The run starts at i = 1 (the reading 21.0 is followed by 22.5? no: 21.0 != 22.5),
              // i.e. i = 2.
              assertThat(alert.<java.sql.Timestamp>getAs("ts"))
                  .isEqualTo(ts("2026-11-28T10:00:02Z"));
              assertThat(alert.<Double>getAs("value")).isEqualTo(6.0);
            });
  }

  @Test
  void stuckRunContinuesAcrossBatchesThroughTheCarriedReading() {
    // Four identical readings already seen (below the 5 needed); two more arrive now.
    Dataset<Row> carried =
        LocalSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        1,
                        ts("2026-11-28T10:00:03Z"),
                        22.5,
                        40.0,
                        true,
                        ts("2026-11-28T10:00:00Z"),
                        4L)),
                SensorActivity.CARRIED);
    Dataset<Row> sequenced =
        AlertRules.sequence(
            fresh(
                    List.of(
                        reading(1, "2026-11-28T10:00:04Z", 22.5, 40.0),
                        reading(1, "2026-11-28T10:00:05Z", 22.5, 40.0)))
                .unionByName(carried),
            LIMITS);

    assertThat(sorted(AlertRules.stuck(sequenced, LIMITS)))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.<java.sql.Timestamp>getAs("ts"))
                  .isEqualTo(ts("2026-11-28T10:00:00Z"));
              assertThat(alert.<Double>getAs("value")).isEqualTo(6.0);
            });
    List<Row> last =
        sequenced.where(col("timestamp").equalTo(lit(ts("2026-11-28T10:00:05Z")))).collectAsList();
    assertThat(last.get(0).<Long>getAs("run_length")).isEqualTo(6L);
  }

  @Test
  void silenceFlagsSensorsQuietLongerThanThePeriodDatedWhenThePeriodEnded() {
    Dataset<Row> lastSeen =
        LocalSpark.session()
            .createDataFrame(
                List.of(
                    RowFactory.create(1, ts("2026-11-28T10:00:00Z")),
                    RowFactory.create(2, ts("2026-11-28T10:01:30Z"))),
                SensorActivity.LAST_SEEN);

    List<Row> alerts = sorted(AlertRules.silence(lastSeen, ts("2026-11-28T10:02:00Z"), LIMITS));

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.<Integer>getAs("sensor_id")).isEqualTo(1);
              assertThat(alert.<java.sql.Timestamp>getAs("ts"))
                  .isEqualTo(ts("2026-11-28T10:01:00Z"));
              assertThat(alert.<String>getAs("rule")).isEqualTo(AlertRules.SILENCE);
              assertThat(alert.<Double>getAs("value")).isEqualTo(120.0);
            });
  }

  @Test
  void gapsFlagSilencesThatEndedWithinABatchWithTheSameKeyAsAnOpenSilence() {
    Dataset<Row> sequenced =
        AlertRules.sequence(
            fresh(
                List.of(
                    reading(1, "2026-11-28T10:00:00Z", 20.0, 50.0),
                    reading(1, "2026-11-28T10:00:30Z", 20.1, 50.0),
                    reading(1, "2026-11-28T10:02:00Z", 20.2, 50.0))),
            LIMITS);

    assertThat(sorted(AlertRules.gaps(sequenced, LIMITS)))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.<java.sql.Timestamp>getAs("ts"))
                  .isEqualTo(ts("2026-11-28T10:01:30Z"));
              assertThat(alert.<String>getAs("rule")).isEqualTo(AlertRules.SILENCE);
              assertThat(alert.<Double>getAs("value")).isEqualTo(90.0);
            });
  }
}
