package io.iotpipeline.analytics;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the reading-level rules remember between micro-batches, held on the driver: each sensor's
 * last reading (the predecessor of its next one, for spikes and stuck runs), which sensors already
 * have an open silence alert, and the stream's event-time clock (the newest event time seen).
 *
 * <p>It is one small row per sensor, so the driver is the simplest safe place for it. It is not
 * checkpointed: after a restart the first batch has no predecessors and silence is judged only for
 * sensors seen since the restart. Spark's own stateful operators would survive restarts but their
 * Java API (bean encoders, group state timeouts) costs far more code than this gap is worth.
 */
final class SensorActivity {

  static final StructType CARRIED =
      new StructType()
          .add("sensor_id", DataTypes.IntegerType)
          .add("timestamp", DataTypes.TimestampType)
          .add("temperature", DataTypes.DoubleType)
          .add("humidity", DataTypes.DoubleType)
          .add("carried", DataTypes.BooleanType)
          .add("run_start", DataTypes.TimestampType)
          .add("run_length", DataTypes.LongType);

  static final StructType LAST_SEEN =
      new StructType()
          .add("sensor_id", DataTypes.IntegerType)
          .add("last_seen", DataTypes.TimestampType);

  /** A sensor's newest reading and the run of identical readings it ends. */
  record LastReading(
      int sensorId,
      Timestamp timestamp,
      double temperature,
      double humidity,
      Timestamp runStart,
      long runLength) {}

  private final Map<Integer, LastReading> last = new HashMap<>();
  private final Set<Integer> silenced = new HashSet<>();
  private Timestamp clock;

  /** Records the newest reading per sensor of a batch; a sensor that speaks is no longer silent. */
  void observe(List<LastReading> newestPerSensor) {
    for (LastReading reading : newestPerSensor) {
      LastReading previous = last.get(reading.sensorId());
      if (previous == null || !reading.timestamp().before(previous.timestamp())) {
        last.put(reading.sensorId(), reading);
        silenced.remove(reading.sensorId());
      }
      if (clock == null || reading.timestamp().after(clock)) {
        clock = reading.timestamp();
      }
    }
  }

  /** The remembered last readings, as predecessor rows for {@link AlertRules#sequence}. */
  Dataset<Row> carried(SparkSession spark) {
    List<Row> rows = new ArrayList<>(last.size());
    for (LastReading reading : last.values()) {
      rows.add(
          RowFactory.create(
              reading.sensorId(),
              reading.timestamp(),
              reading.temperature(),
              reading.humidity(),
              true,
              reading.runStart(),
              reading.runLength()));
    }
    return spark.createDataFrame(rows, CARRIED);
  }

  /**
   * Last-seen rows of the sensors without an open silence alert, for {@link AlertRules#silence}.
   */
  Dataset<Row> lastSeenOfUnsilenced(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (LastReading reading : last.values()) {
      if (!silenced.contains(reading.sensorId())) {
        rows.add(RowFactory.create(reading.sensorId(), reading.timestamp()));
      }
    }
    return spark.createDataFrame(rows, LAST_SEEN);
  }

  void markSilenced(List<Integer> sensorIds) {
    silenced.addAll(sensorIds);
  }

  Optional<Timestamp> clock() {
    return Optional.ofNullable(clock);
  }

  int sensors() {
    return last.size();
  }
}
