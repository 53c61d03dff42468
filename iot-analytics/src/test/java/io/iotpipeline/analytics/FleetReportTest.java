package io.iotpipeline.analytics;

import static io.iotpipeline.analytics.LocalSpark.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class FleetReportTest {

  private static final StructType ALERTS = new StructType().add("sensor_id", DataTypes.IntegerType);

  @Test
  void ranksSensorsAndMeasuresCompleteness() {
    Dataset<Row> hourly =
        Rollups.hourly(
            LocalSpark.readings(
                List.of(
                    reading(1, "2026-11-28T10:00:00Z", 30.0, 40.0),
                    reading(1, "2026-11-28T10:01:00Z", 32.0, 40.0),
                    reading(2, "2026-11-28T10:00:00Z", 20.0, 80.0),
                    reading(3, "2026-11-28T10:00:00Z", 25.0, 60.0),
                    reading(3, "2026-11-28T12:00:00Z", 25.0, 60.0),
                    reading(3, "2026-11-28T13:00:00Z", 25.0, 60.0))));
    Dataset<Row> alerts =
        LocalSpark.session()
            .createDataFrame(
                List.of(RowFactory.create(2), RowFactory.create(2), RowFactory.create(3)), ALERTS);

    List<Row> report =
        FleetReport.of(hourly, alerts, 4, 2).orderBy("section", "rank").collectAsList();

    assertThat(section(report, FleetReport.HOTTEST))
        .extracting(r -> r.<Integer>getAs("sensor_id"))
        .containsExactly(1, 3);
    assertThat(section(report, FleetReport.HOTTEST).get(0).<Double>getAs("value"))
        .isCloseTo(31.0, within(1e-9));
    assertThat(section(report, FleetReport.MOST_HUMID))
        .extracting(r -> r.<Integer>getAs("sensor_id"))
        .containsExactly(2, 3);
    assertThat(section(report, FleetReport.MOST_ALERTS))
        .extracting(r -> r.<Double>getAs("value"))
        .containsExactly(2.0, 1.0);
    // Completeness covers every sensor, least complete first: 1 of 4 minutes, 2 of 4, 3 of 4.
    assertThat(section(report, FleetReport.COMPLETENESS))
        .extracting(r -> r.<Double>getAs("value"))
        .containsExactly(0.25, 0.5, 0.75);
  }

  private static List<Row> section(List<Row> report, String section) {
    return report.stream().filter(r -> r.<String>getAs("section").equals(section)).toList();
  }
}
