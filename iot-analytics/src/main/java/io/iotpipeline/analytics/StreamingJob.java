package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.Tables;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming analytics: two queries over the readings topic, each with its own checkpoint.
 *
 * <ul>
 *   <li>{@value #AGGREGATES}: watermark + one-minute windows per sensor (Spark state, update mode)
 *       upserted into {@code sensor_agg_minute}.
 *   <li>{@value #ALERTS}: the alert rules on each micro-batch of readings (threshold, spike, stuck,
 *       silence), with per-sensor context carried between batches by {@link SensorActivity}, plus
 *       the count of undecodable records.
 * </ul>
 *
 * Alerts go to {@code sensor_alerts}, {@code sensor_alerts_by_day} and the alerts topic. Cassandra
 * writes are upserts, so a batch replayed after a crash rewrites the same rows; the alerts topic is
 * once per batch: a batch replayed after a crash finds itself in the {@link AlertLedger} and does
 * not send its alerts again (only a crash between Kafka's acknowledgement and the ledger write can
 * still repeat one); each message carries a deterministic {@code alert_id} for consumers to dedupe
 * on all the same, since an updated alert is published once per update (see {@link AlertTopic}).
 *
 * <p>With a {@link RollupSchedule}, the alerts query also marks the sensor-hours each micro-batch
 * saw, and {@link ContinuousRollups} rolls them up into {@code sensor_agg_hour} and {@code
 * sensor_agg_day} once they are closed.
 */
public final class StreamingJob implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamingJob.class);

  public static final String AGGREGATES = "minute-aggregates";
  public static final String ALERTS = "reading-alerts";

  private final SparkSession spark;
  private final AnalyticsConfig config;
  private final AlertThresholds limits;
  private final boolean availableNow;
  private final CassandraTables tables;
  private final SensorActivity activity = new SensorActivity();
  private final List<StreamingQuery> queries = new ArrayList<>();
  private final RollupSchedule rollupSchedule;
  private final PendingHours pendingHours = new PendingHours();
  private ContinuousRollups rollups;
  private ProgressRecorder recorder;
  private AlertLedger ledger;

  /**
   * @param availableNow process what the topic holds now, then stop (tests, catch-up runs);
   *     otherwise run micro-batches every {@link AnalyticsConfig#trigger()}
   */
  public StreamingJob(
      SparkSession spark, AnalyticsConfig config, AlertThresholds limits, boolean availableNow) {
    this(spark, config, limits, availableNow, RollupSchedule.OFF);
  }

  /**
   * @param rollups when to roll up closed hours and their days ({@link RollupSchedule#OFF}: never)
   */
  public StreamingJob(
      SparkSession spark,
      AnalyticsConfig config,
      AlertThresholds limits,
      boolean availableNow,
      RollupSchedule rollups) {
    this.rollupSchedule = rollups;
    this.spark = spark;
    this.config = config;
    this.limits = limits;
    this.availableNow = availableNow;
    this.tables = new CassandraTables(spark, config.cassandra().keyspace());
  }

  /** Starts both queries; returns once they are running. */
  public void start() throws TimeoutException {
    AlertTopic.requireMessageFields(AlertRules.COLUMNS);
    recorder = new ProgressRecorder(spark, tables.keyspace(), Clock.systemUTC());
    ledger = new AlertLedger(spark, tables.keyspace(), ALERTS, Clock.systemUTC());
    spark.streams().addListener(recorder);
    Dataset<Row> decoded = ReadingParser.decodeAll(source());
    Dataset<Row> readings = ReadingParser.valid(decoded);

    VoidFunction2<Dataset<Row>, Long> writeAggregates = this::writeAggregates;
    queries.add(
        MinuteAggregates.streaming(readings, config.watermark())
            .writeStream()
            .queryName(AGGREGATES)
            .outputMode("update")
            .option("checkpointLocation", checkpoint(AGGREGATES))
            .trigger(trigger())
            .foreachBatch(writeAggregates)
            .start());

    VoidFunction2<Dataset<Row>, Long> evaluateReadings = this::evaluateReadings;
    queries.add(
        decoded
            .writeStream()
            .queryName(ALERTS)
            .option("checkpointLocation", checkpoint(ALERTS))
            .trigger(trigger())
            .foreachBatch(evaluateReadings)
            .start());
    if (rollupSchedule.enabled()) {
      rollups =
          new ContinuousRollups(
              spark, tables.keyspace(), pendingHours, rollupSchedule, Clock.systemUTC());
      rollups.start();
    }
  }

  /** Blocks until both queries end (Available-now runs end by themselves; others on stop). */
  public void awaitTermination() throws StreamingQueryException {
    for (StreamingQuery query : queries()) {
      query.awaitTermination();
    }
  }

  public long lateRows() {
    return recorder == null ? 0 : recorder.lateRows();
  }

  public long invalidRows() {
    return recorder == null ? 0 : recorder.invalidRows();
  }

  public synchronized List<StreamingQuery> queries() {
    return List.copyOf(queries);
  }

  private boolean recorderClosed;

  @Override
  public synchronized void close() throws TimeoutException {
    // Stopping interrupts a running micro-batch; it reruns from the checkpoint next time, and
    // its writes are upserts, so that costs time, not correctness.
    for (StreamingQuery query : queries) {
      query.stop();
    }
    queries.clear();
    if (rollups != null) {
      rollups.close();
      rollups = null;
    }
    if (recorder != null && !recorderClosed) {
      // The recorder stays readable (late and invalid counts) after it stops listening.
      spark.streams().removeListener(recorder);
      recorder.close();
      recorderClosed = true;
    }
    if (ledger != null) {
      ledger.close();
      ledger = null;
    }
  }

  private Dataset<Row> source() {
    DataStreamReader reader =
        spark
            .readStream()
            .format("kafka")
            .options(kafkaOptions(config.kafka()))
            .option("subscribe", config.kafka().topic())
            .option("startingOffsets", config.startingOffsets())
            // Retention may delete offsets a stopped job had not read yet: go on from what is left.
            .option("failOnDataLoss", "false");
    if (config.maxOffsetsPerTrigger() > 0) {
      reader = reader.option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger());
    }
    return reader.load();
  }

  /**
   * The Kafka source's and sink's client options: the bootstrap servers and the security
   * properties, each with the {@code kafka.} prefix Spark passes through to the client.
   */
  public static Map<String, String> kafkaOptions(KafkaSettings kafka) {
    Map<String, String> options = new LinkedHashMap<>();
    kafka.clientConfig().forEach((key, value) -> options.put("kafka." + key, value.toString()));
    return options;
  }

  private Trigger trigger() {
    return availableNow
        ? Trigger.AvailableNow()
        : Trigger.ProcessingTime(config.trigger().toMillis());
  }

  private String checkpoint(String query) {
    return Path.of(config.checkpointDir(), query).toString();
  }

  private void writeAggregates(Dataset<Row> windows, Long batchId) {
    tables.upsert(windows, Tables.SENSOR_AGG_MINUTE.name());
  }

  private void evaluateReadings(Dataset<Row> decoded, Long batchId) {
    // A replay of a batch that had published: its alert rows are rewritten (upserts), its
    // messages are not sent again.
    boolean republishing = ledger.published(batchId);
    decoded.persist();
    try {
      recorder.invalidRecords(batchId, decoded.where(col("error").isNotNull()).count());
      Dataset<Row> readings = ReadingParser.valid(decoded);
      if (rollupSchedule.enabled()) {
        pendingHours.mark(sensorHours(readings));
      }
      Dataset<Row> sequenced =
          AlertRules.sequence(
                  readings
                      .select(
                          col("sensor_id"),
                          col("timestamp"),
                          col("temperature"),
                          col("humidity"),
                          lit(false).as("carried"),
                          lit(null).cast("timestamp").as("run_start"),
                          lit(null).cast("long").as("run_length"))
                      .unionByName(activity.carried(spark)),
                  limits)
              .persist();
      long published;
      try {
        published =
            publish(
                AlertRules.threshold(readings, limits)
                    .unionByName(AlertRules.spikes(sequenced, limits))
                    .unionByName(AlertRules.stuck(sequenced, limits))
                    .unionByName(AlertRules.gaps(sequenced, limits)),
                republishing);
        activity.observe(newestPerSensor(sequenced));
      } finally {
        sequenced.unpersist();
      }
      if (activity.clock().isPresent()) {
        published += publishSilence(activity.clock().get(), republishing);
      }
      if (republishing) {
        log.info(
            "{} batch {} was replayed: its alerts were published before, not sent again",
            ALERTS,
            batchId);
      } else {
        ledger.record(batchId, published);
      }
    } finally {
      decoded.unpersist();
    }
  }

  /** The sensor-hours a batch of readings falls in. */
  static List<PendingHours.SensorHour> sensorHours(Dataset<Row> readings) {
    List<PendingHours.SensorHour> hours = new ArrayList<>();
    for (Row row :
        readings
            .select(col("sensor_id"), date_trunc("hour", col("timestamp")).as("hour"))
            .distinct()
            .collectAsList()) {
      hours.add(new PendingHours.SensorHour(row.getInt(0), row.getTimestamp(1).toInstant()));
    }
    return hours;
  }

  static List<SensorActivity.LastReading> newestPerSensor(Dataset<Row> sequenced) {
    List<SensorActivity.LastReading> newest = new ArrayList<>();
    for (Row row :
        sequenced
            .groupBy("sensor_id")
            .agg(
                max_by(
                        struct(
                            col("timestamp"),
                            col("temperature"),
                            col("humidity"),
                            col("run_start"),
                            col("run_length")),
                        col("timestamp"))
                    .as("last"))
            .collectAsList()) {
      Row last = row.getStruct(1);
      newest.add(
          new SensorActivity.LastReading(
              row.getInt(0),
              last.getTimestamp(0),
              last.getDouble(1),
              last.getDouble(2),
              last.getTimestamp(3),
              last.getLong(4)));
    }
    return newest;
  }

  private long publishSilence(Timestamp now, boolean republishing) {
    Dataset<Row> silent = AlertRules.silence(activity.lastSeenOfUnsilenced(spark), now, limits);
    silent.persist();
    try {
      List<Integer> sensors =
          silent.select("sensor_id").as(org.apache.spark.sql.Encoders.INT()).collectAsList();
      if (sensors.isEmpty()) {
        return 0;
      }
      long published = publish(silent, republishing);
      activity.markSilenced(sensors);
      log.info(
          "{} sensor(s) silent for {} or more as of {}", sensors.size(), limits.silence(), now);
      return published;
    } finally {
      silent.unpersist();
    }
  }

  /** Upserts the alerts; sends them to the alerts topic unless this batch did so before. */
  private long publish(Dataset<Row> alerts, boolean republishing) {
    alerts.persist();
    try {
      if (alerts.isEmpty()) {
        return 0;
      }
      tables.upsertAlerts(alerts);
      if (republishing) {
        return 0;
      }
      AlertTopic.records(alerts)
          .write()
          .format("kafka")
          .options(kafkaOptions(config.kafka()))
          .option("topic", config.kafka().alertsTopic())
          .save();
      return alerts.count();
    } finally {
      alerts.unpersist();
    }
  }
}
