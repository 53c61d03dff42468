package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.window;

import io.iotpipeline.model.Tables;
import java.time.Duration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One-minute tumbling windows per sensor: count, min, max and mean of temperature and humidity. The
 * same function serves the stream (after a watermark) and a batch recomputation from {@code
 * sensor_data}, which is how the two are proven equal.
 */
public final class MinuteAggregates {
  private MinuteAggregates() {}

  /** Columns of {@code sensor_agg_minute}, in order. */
  public static final String[] COLUMNS = Tables.SENSOR_AGG_MINUTE.columns().toArray(String[]::new);

  /** Batch form: readings (sensor_id, timestamp, temperature, humidity) to minute rows. */
  public static Dataset<Row> of(Dataset<Row> readings) {
    return readings
        .groupBy(col("sensor_id"), window(col("timestamp"), "1 minute"))
        .agg(
            count("*").as("readings"),
            stats("temperature")[0],
            stats("temperature")[1],
            stats("temperature")[2],
            stats("humidity")[0],
            stats("humidity")[1],
            stats("humidity")[2])
        .withColumn("window_start", col("window.start"))
        // SensorDay's partition rule as Spark SQL (UTC session, see SparkSessions).
        .withColumn("day", to_date(col("window.start")))
        .select(COLUMNS[0], java.util.Arrays.copyOfRange(COLUMNS, 1, COLUMNS.length));
  }

  /**
   * Streaming form: the watermark lets Spark finalize a window and drop its state once event time
   * has moved {@code lateness} past its end; rows arriving after that are counted by Spark as
   * {@code numRowsDroppedByWatermark} (reported in stream_progress) instead of reopening the
   * window.
   */
  public static Dataset<Row> streaming(Dataset<Row> readings, Duration lateness) {
    return of(readings.withWatermark("timestamp", lateness.toMillis() + " milliseconds"));
  }

  private static Column[] stats(String column) {
    return new Column[] {
      min(col(column)).as(column + "_min"),
      max(col(column)).as(column + "_max"),
      avg(col(column)).as(column + "_avg")
    };
  }
}
