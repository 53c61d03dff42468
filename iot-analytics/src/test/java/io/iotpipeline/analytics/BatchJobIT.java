package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The batch job against the real stack: rollups of one of two stored days, and the report. */
@WithStack
class BatchJobIT {

  private static final Instant DAY_ONE = Instant.parse("2026-11-20T00:00:00Z");
  private static final int SENSORS = 4;

  @Test
  void rollsUpOnlyTheRequestedDaysThroughKeyedReadsAndStoresTheReport(TestStack stack)
      throws Exception {
    List<SensorReading> twoDays =
        TestReadings.fleet(SENSORS, DAY_ONE, Duration.ofDays(2), Duration.ofMinutes(2), 5);
    AnalyticsConfig config =
        AnalyticsConfig.local(stack.kafka(), stack.cassandra(), "unused").withMaster("local[2]");
    SparkSession spark = SparkSessions.open(config, "batch-it");
    try {
      TestReadings.store(spark, stack.cassandra().keyspace(), twoDays);
      BatchJob job = new BatchJob(spark, stack.cassandra().keyspace(), Clock.systemUTC());
      LocalDate day = DAY_ONE.atZone(ZoneOffset.UTC).toLocalDate();

      String plan =
          job.readings(List.of(1, 2), List.of(day)).queryExecution().executedPlan().toString();
      BatchJob.Result result = job.run(new BatchJob.Request(day, day, List.of(), 3));

      // Keyed reads of the requested partitions, not a scan of the table.
      assertThat(plan).as(plan).containsIgnoringCase("Cassandra Direct Join");
      assertThat(result.sensors()).isEqualTo(SENSORS);
      assertThat(result.readings()).isEqualTo(SENSORS * 720L);
      assertThat(stack.count("sensor_agg_hour")).isEqualTo(SENSORS * 24L);
      assertThat(stack.count("sensor_agg_day")).isEqualTo(SENSORS);
      assertThat(result.report())
          .filteredOn(r -> r.getString(0).equals(FleetReport.HOTTEST))
          .extracting(r -> r.getInt(2))
          .containsExactly(4, 3, 2);
      assertThat(result.report())
          .filteredOn(r -> r.getString(0).equals(FleetReport.COMPLETENESS))
          .hasSize(SENSORS)
          .allSatisfy(r -> assertThat(r.getDouble(3)).isEqualTo(0.5));
      assertThat(
              stack
                  .session()
                  .execute("SELECT COUNT(*) FROM fleet_report WHERE period = ?", day + ".." + day)
                  .one()
                  .getLong(0))
          .isEqualTo(3 + 3 + SENSORS);
    } finally {
      spark.stop();
    }
  }
}
