package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.year;

import io.iotpipeline.model.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Hourly and daily rollups per sensor. Days are computed from hours (count-weighted means), so the
 * raw rows are aggregated once; each hour also records how many of its minutes had data, which is
 * what the fleet report's completeness is made of.
 */
public final class Rollups {
  private Rollups() {}

  public static final String[] HOUR_COLUMNS =
      Tables.SENSOR_AGG_HOUR.columns().toArray(String[]::new);

  public static final String[] DAY_COLUMNS = Tables.SENSOR_AGG_DAY.columns().toArray(String[]::new);

  /**
   * Distinct minutes of an hour with a reading, as one bit per minute OR-ed together and counted.
   * Exact, like countDistinct, but a plain aggregate: Spark plans countDistinct next to other
   * aggregates with an Expand and a second aggregation, which was the costliest part of a rollup.
   */
  private static final Column MINUTES_WITH_DATA =
      expr("CAST(bit_count(bit_or(shiftleft(1L, minute(timestamp)))) AS BIGINT)");

  /** Readings (sensor_id, timestamp, temperature, humidity) to one row per sensor and hour. */
  public static Dataset<Row> hourly(Dataset<Row> readings) {
    return readings
        .withColumn("window_start", date_trunc("hour", col("timestamp")))
        .groupBy("sensor_id", "window_start")
        .agg(
            count("*").as("readings"),
            MINUTES_WITH_DATA.as("minutes_with_data"),
            min("temperature").as("temperature_min"),
            max("temperature").as("temperature_max"),
            avg("temperature").as("temperature_avg"),
            min("humidity").as("humidity_min"),
            max("humidity").as("humidity_max"),
            avg("humidity").as("humidity_avg"))
        .withColumn("month", trunc(col("window_start"), "month"))
        .selectExpr(HOUR_COLUMNS);
  }

  /** Hourly rows to one row per sensor and UTC day. */
  public static Dataset<Row> daily(Dataset<Row> hourly) {
    return hourly
        .withColumn("day", to_date(col("window_start")))
        .groupBy("sensor_id", "day")
        .agg(
            sum("readings").as("readings"),
            sum("minutes_with_data").as("minutes_with_data"),
            min("temperature_min").as("temperature_min"),
            max("temperature_max").as("temperature_max"),
            weightedMean("temperature_avg").as("temperature_avg"),
            min("humidity_min").as("humidity_min"),
            max("humidity_max").as("humidity_max"),
            weightedMean("humidity_avg").as("humidity_avg"))
        .withColumn("year", year(col("day")))
        .selectExpr(DAY_COLUMNS);
  }

  /** Mean of per-hour means weighted by the hour's count: equals the mean of the raw readings. */
  static Column weightedMean(String meanColumn) {
    return sum(col(meanColumn).multiply(col("readings"))).divide(sum("readings"));
  }
}
