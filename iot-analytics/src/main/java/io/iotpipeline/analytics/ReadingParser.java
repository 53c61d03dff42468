package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.udf;

import io.iotpipeline.model.InvalidReadingException;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Kafka records to readings. Decoding goes through the same {@link ReadingCodec} the ingest service
 * uses, so "valid" means exactly the same thing in Cassandra and in the analytics (a from_json
 * schema would be a second, drifting definition of the wire format: ISO timestamps, the optional
 * type field, range checks).
 */
public final class ReadingParser {
  private ReadingParser() {}

  /** Columns of a reading, named as in {@code sensor_data}. */
  public static final StructType READING =
      new StructType()
          .add("sensor_id", DataTypes.IntegerType)
          .add("timestamp", DataTypes.TimestampType)
          .add("temperature", DataTypes.DoubleType)
          .add("humidity", DataTypes.DoubleType)
          .add("seq", DataTypes.LongType)
          .add("site", DataTypes.StringType);

  private static final StructType DECODED = READING.add("error", DataTypes.StringType);

  /** Stateless and thread-safe; one per executor JVM (the UDF itself must stay serializable). */
  private static final ReadingCodec CODEC = new ReadingCodec();

  private static final UserDefinedFunction DECODE =
      udf((UDF1<byte[], Row>) ReadingParser::decode, DECODED).asNondeterministic();

  /**
   * Every record decoded: reading columns plus {@code error} (null when valid) and {@code day}.
   * Input: the Kafka source's columns (binary {@code value}).
   */
  public static Dataset<Row> decodeAll(Dataset<Row> kafkaRecords) {
    return kafkaRecords
        .select(DECODE.apply(col("value")).as("r"))
        .select("r.*")
        // SensorDay's partition rule as Spark SQL (UTC session, see SparkSessions).
        .withColumn("day", to_date(col("timestamp")));
  }

  /** The valid readings, with the {@code sensor_data} columns and {@code day}. */
  public static Dataset<Row> valid(Dataset<Row> decoded) {
    return decoded.where(col("error").isNull()).drop("error");
  }

  /** The records that failed to decode, with their reason. */
  public static Dataset<Row> invalid(Dataset<Row> decoded) {
    return decoded.where(col("error").isNotNull()).select("error");
  }

  static Row decode(byte[] value) {
    if (value == null) {
      return RowFactory.create(null, null, null, null, null, null, "empty record");
    }
    try {
      SensorReading reading = CODEC.decode(value);
      return RowFactory.create(
          reading.sensorId(),
          Timestamp.from(reading.timestamp()),
          reading.temperature(),
          reading.humidity(),
          reading.sequence(),
          reading.site(),
          null);
    } catch (InvalidReadingException e) {
      return RowFactory.create(null, null, null, null, null, null, e.getMessage());
    }
  }
}
