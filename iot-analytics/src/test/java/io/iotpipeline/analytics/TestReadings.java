package io.iotpipeline.analytics;

import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Deterministic readings for integration tests, and the two ways they enter the pipeline. */
final class TestReadings {
  private TestReadings() {}

  private static final ReadingCodec CODEC = new ReadingCodec();

  /**
   * Every sensor reports every {@code interval} from {@code start} for {@code span}. Returned as
   * they come off the wire (encoded and decoded), because the wire format rounds values, and ingest
   * stores what it decodes.
   */
  static List<SensorReading> fleet(
      int sensors, Instant start, Duration span, Duration interval, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SensorReading> readings = new ArrayList<>();
    long sequence = 0;
    for (Instant t = start; t.isBefore(start.plus(span)); t = t.plus(interval)) {
      for (int sensor = 1; sensor <= sensors; sensor++) {
        // Millisecond jitter: sensors do not report in lockstep.
        Instant at = t.plusMillis(random.nextInt(0, (int) Math.min(interval.toMillis(), 1000)));
        SensorReading generated =
            new SensorReading(
                sensor,
                at,
                18 + sensor * 0.5 + random.nextDouble(-1, 1),
                45 + random.nextDouble(-5, 5),
                sequence,
                "site-" + (sensor % 3));
        readings.add(CODEC.decode(CODEC.encode(generated)));
      }
      sequence++;
    }
    return readings;
  }

  /** Publishes readings as the simulator does: JSON values keyed by sensor id. */
  static void publish(String bootstrap, String topic, List<SensorReading> readings) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("linger.ms", "5");
    ReadingCodec codec = new ReadingCodec();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (SensorReading reading : readings) {
        producer.send(
            new ProducerRecord<>(
                topic, Integer.toString(reading.sensorId()), codec.encode(reading)));
      }
      producer.flush();
    }
  }

  private static final StructType SENSOR_DATA =
      new StructType()
          .add("sensor_id", DataTypes.IntegerType)
          .add("day", DataTypes.DateType)
          .add("timestamp", DataTypes.TimestampType)
          .add("temperature", DataTypes.FloatType)
          .add("humidity", DataTypes.FloatType)
          .add("seq", DataTypes.LongType)
          .add("site", DataTypes.StringType);

  /** Stores readings as the ingest service does (sensor_data + sensor_latest rows). */
  static void store(SparkSession spark, String keyspace, List<SensorReading> readings) {
    List<Row> rows = new ArrayList<>(readings.size());
    for (SensorReading r : readings) {
      rows.add(
          RowFactory.create(
              r.sensorId(),
              Date.valueOf(r.day()),
              Timestamp.from(r.timestamp()),
              (float) r.temperature(),
              (float) r.humidity(),
              r.sequence(),
              r.site()));
    }
    Dataset<Row> frame = spark.createDataFrame(rows, SENSOR_DATA);
    CassandraTables tables = new CassandraTables(spark, keyspace);
    tables.upsert(frame, "sensor_data");
    tables.upsert(
        frame
            .groupBy("sensor_id")
            .agg(org.apache.spark.sql.functions.max("timestamp").as("timestamp")),
        "sensor_latest");
  }
}
