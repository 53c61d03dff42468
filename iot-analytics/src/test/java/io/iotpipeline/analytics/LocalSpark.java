package io.iotpipeline.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One small local SparkSession for every unit test in the JVM (starting Spark costs seconds), and
 * tiny factories for in-memory rows.
 */
final class LocalSpark {
  private LocalSpark() {}

  private static SparkSession session;

  static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSession.builder()
              .appName("iot-analytics-tests")
              .master("local[2]")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.shuffle.partitions", 2)
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .getOrCreate();
    }
    return session;
  }

  static final StructType READINGS =
      new StructType()
          .add("sensor_id", DataTypes.IntegerType)
          .add("timestamp", DataTypes.TimestampType)
          .add("temperature", DataTypes.DoubleType)
          .add("humidity", DataTypes.DoubleType);

  static Row reading(int sensor, String isoTime, double temperature, double humidity) {
    return RowFactory.create(sensor, ts(isoTime), temperature, humidity);
  }

  static Dataset<Row> readings(List<Row> rows) {
    return session().createDataFrame(rows, READINGS);
  }

  static Timestamp ts(String isoTime) {
    return Timestamp.from(Instant.parse(isoTime));
  }
}
