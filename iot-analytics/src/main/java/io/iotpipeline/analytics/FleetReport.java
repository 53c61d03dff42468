package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The fleet report of a period: the hottest and most humid sensors (mean over the period), the
 * sensors with most alerts, and every sensor's data completeness (share of the period's minutes
 * that have at least one reading). Rows: (section, rank, sensor_id, value).
 */
public final class FleetReport {
  private FleetReport() {}

  public static final String HOTTEST = "hottest";
  public static final String MOST_HUMID = "most_humid";
  public static final String MOST_ALERTS = "most_alerts";
  public static final String COMPLETENESS = "completeness";

  /**
   * @param hourly {@link Rollups#hourly} rows of the period
   * @param alerts alert rows of the period (sensor_id, ...)
   * @param minutesInPeriod the number of minutes the period spans (the completeness denominator)
   * @param topN how many sensors each top list keeps
   */
  public static Dataset<Row> of(
      Dataset<Row> hourly, Dataset<Row> alerts, long minutesInPeriod, int topN) {
    if (minutesInPeriod < 1 || topN < 1) {
      throw new IllegalArgumentException("minutesInPeriod and topN must be positive");
    }
    Dataset<Row> perSensor =
        hourly
            .groupBy("sensor_id")
            .agg(
                Rollups.weightedMean("temperature_avg").as("temperature_avg"),
                Rollups.weightedMean("humidity_avg").as("humidity_avg"),
                sum("minutes_with_data").as("minutes_with_data"));
    Dataset<Row> alertCounts =
        alerts.groupBy("sensor_id").agg(count("*").cast("double").as("alerts"));
    return top(perSensor, HOTTEST, col("temperature_avg"), topN, false)
        .unionByName(top(perSensor, MOST_HUMID, col("humidity_avg"), topN, false))
        .unionByName(top(alertCounts, MOST_ALERTS, col("alerts"), topN, false))
        .unionByName(
            top(
                perSensor,
                COMPLETENESS,
                col("minutes_with_data").divide(lit((double) minutesInPeriod)),
                Integer.MAX_VALUE,
                true));
  }

  /**
   * Ranks sensors by a value; ties broken by sensor id so that the report is deterministic. The
   * ranking window has no partition: it sees one row per sensor, which is small.
   */
  private static Dataset<Row> top(
      Dataset<Row> perSensor, String section, Column value, int n, boolean ascending) {
    Column order = ascending ? col("value").asc() : col("value").desc();
    return perSensor
        .select(col("sensor_id"), coalesce(value.cast("double"), lit(0.0)).as("value"))
        .withColumn("rank", row_number().over(Window.orderBy(order, col("sensor_id").asc())))
        .where(col("rank").leq(n))
        .select(lit(section).as("section"), col("rank"), col("sensor_id"), col("value"));
  }
}
