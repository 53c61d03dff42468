package io.iotpipeline.analytics;

import static io.iotpipeline.analytics.LocalSpark.reading;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RollupsTest {

  @Test
  void hourlyRollupCountsReadingsAndMinutesWithData() {
    List<Row> hours =
        Rollups.hourly(
                LocalSpark.readings(
                    List.of(
                        reading(1, "2026-11-28T10:00:05Z", 20.0, 50.0),
                        reading(1, "2026-11-28T10:00:35Z", 22.0, 50.0),
                        reading(1, "2026-11-28T10:59:00Z", 30.0, 60.0),
                        reading(1, "2026-11-28T11:00:00Z", 10.0, 40.0))))
            .orderBy("window_start")
            .collectAsList();

    assertThat(hours).hasSize(2);
    Row ten = hours.get(0);
    assertThat(ten.<Long>getAs("readings")).isEqualTo(3L);
    assertThat(ten.<Long>getAs("minutes_with_data")).isEqualTo(2L);
    assertThat(ten.<Double>getAs("temperature_max")).isEqualTo(30.0);
    assertThat(ten.<Double>getAs("temperature_avg")).isCloseTo(24.0, within(1e-9));
    assertThat(ten.<java.sql.Date>getAs("month").toString()).isEqualTo("2026-11-01");
    assertThat(List.of(ten.schema().fieldNames())).containsExactly(Rollups.HOUR_COLUMNS);
  }

  @Test
  void minutesWithDataEqualCountingDistinctMinutes() {
    SplittableRandom random = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String time =
          Instant.parse("2026-11-28T00:00:00Z")
              .plusMillis(random.nextLong(6 * 3_600_000L))
              .toString();
      rows.add(reading(1 + random.nextInt(4), time, 20.0, 50.0));
    }
    Dataset<Row> readings = LocalSpark.readings(rows);

    List<Row> hours = Rollups.hourly(readings).orderBy("sensor_id", "window_start").collectAsList();
    List<Row> direct =
        readings
            .groupBy(col("sensor_id"), date_trunc("hour", col("timestamp")).as("window_start"))
            .agg(countDistinct(date_trunc("minute", col("timestamp"))).as("minutes"))
            .orderBy("sensor_id", "window_start")
            .collectAsList();

    assertThat(hours).hasSameSizeAs(direct).hasSize(24);
    for (int i = 0; i < hours.size(); i++) {
      assertThat(hours.get(i).<Long>getAs("minutes_with_data"))
          .isEqualTo(direct.get(i).<Long>getAs("minutes"));
    }
  }

  @Test
  void dailyRollupFromHoursEqualsAggregatingTheRawReadings() {
    SplittableRandom random = new SplittableRandom(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int sensor = 1 + random.nextInt(3);
      String time =
          Instant.parse("2026-11-28T00:00:00Z").plusSeconds(random.nextInt(2 * 86_400)).toString();
      rows.add(reading(sensor, time, random.nextDouble(-5, 35), random.nextDouble(20, 80)));
    }
    Dataset<Row> readings = LocalSpark.readings(rows);

    List<Row> days =
        Rollups.daily(Rollups.hourly(readings)).orderBy("sensor_id", "day").collectAsList();
    List<Row> direct =
        readings
            .selectExpr("sensor_id", "to_date(timestamp) AS day", "temperature", "humidity")
            .groupBy("sensor_id", "day")
            .agg(
                org.apache.spark.sql.functions.count("*").as("n"),
                org.apache.spark.sql.functions.avg("temperature").as("t"),
                org.apache.spark.sql.functions.max("humidity").as("h"))
            .orderBy("sensor_id", "day")
            .collectAsList();

    assertThat(days).hasSameSizeAs(direct).hasSize(6);
    for (int i = 0; i < days.size(); i++) {
      assertThat(days.get(i).<Long>getAs("readings")).isEqualTo(direct.get(i).<Long>getAs("n"));
      assertThat(days.get(i).<Double>getAs("temperature_avg"))
          .isCloseTo(direct.get(i).<Double>getAs("t"), within(1e-9));
      assertThat(days.get(i).<Double>getAs("humidity_max"))
          .isEqualTo(direct.get(i).<Double>getAs("h"));
      assertThat(days.get(i).<Integer>getAs("year")).isEqualTo(2026);
    }
  }
}
