package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.to_date;

import io.iotpipeline.analytics.PendingHours.SensorHour;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hour and day rollups without anyone running a command: the streaming job marks the sensor-hours
 * its micro-batches saw ({@link PendingHours}), and this rolls up each one once it is closed, from
 * the stored readings, exactly as {@code ./iot analytics batch} does ({@link Rollups}): the hour
 * from its readings in {@code sensor_data} (keyed reads of its sensor-day partitions), then the day
 * from its hours in {@code sensor_agg_hour}. A reading that arrives after its hour was rolled up
 * (late, beyond the watermark or not) marks that hour again, and only that hour and its day are
 * rolled up again. Upserts, so a rollup done twice writes the same rows.
 */
public final class ContinuousRollups implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ContinuousRollups.class);

  private static final StructType HOUR_KEYS =
      new StructType()
          .add("sensor_id", DataTypes.IntegerType)
          .add("day", DataTypes.DateType)
          .add("hour", DataTypes.TimestampType);

  private static final StructType DAY_KEYS =
      new StructType()
          .add("sensor_id", DataTypes.IntegerType)
          .add("month", DataTypes.DateType)
          .add("day", DataTypes.DateType);

  private final SparkSession spark;
  private final CassandraTables tables;
  private final PendingHours pending;
  private final RollupSchedule schedule;
  private final Clock clock;
  private ScheduledExecutorService timer;

  public ContinuousRollups(
      SparkSession spark,
      String keyspace,
      PendingHours pending,
      RollupSchedule schedule,
      Clock clock) {
    this.spark = spark;
    this.tables = new CassandraTables(spark, keyspace);
    this.pending = pending;
    this.schedule = schedule;
    this.clock = clock;
  }

  /** Starts the timer; returns at once. */
  public synchronized void start() {
    if (timer != null || !schedule.enabled()) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "continuous-rollups");
              thread.setDaemon(true);
              return thread;
            });
    long every = schedule.every().toMillis();
    timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    log.info(
        "Continuous hour/day rollups every {} ms, {} ms after an hour ends",
        every,
        schedule.delay().toMillis());
  }

  private void tick() {
    List<SensorHour> closed = pending.takeClosed(clock.instant(), schedule.delay());
    if (closed.isEmpty()) {
      return;
    }
    try {
      rollUp(closed);
    } catch (Exception e) {
      // Cassandra down or a failed Spark job (SparkException is checked, thrown from Scala): the
      // hours are retried on the next tick. Nothing may escape: the timer would stop for good.
      log.warn("Rolling up {} sensor-hour(s) failed, retrying: {}", closed.size(), e.toString());
      pending.mark(closed);
    }
  }

  /** Rolls up these sensor-hours and the days they belong to; the ones without readings wait. */
  void rollUp(List<SensorHour> hours) {
    long began = System.nanoTime();
    Dataset<Row> hourly = Rollups.hourly(readings(hours)).persist();
    try {
      tables.upsert(hourly, Tables.SENSOR_AGG_HOUR.name());
      Set<SensorHour> rolled = new HashSet<>();
      for (Row row : hourly.select("sensor_id", "window_start").collectAsList()) {
        rolled.add(new SensorHour(row.getInt(0), row.getTimestamp(1).toInstant()));
      }
      List<SensorHour> missing = new ArrayList<>();
      Set<SensorDayKey> days = new LinkedHashSet<>();
      for (SensorHour hour : hours) {
        if (rolled.contains(hour)) {
          days.add(new SensorDayKey(hour.sensorId(), SensorDay.utcDay(hour.hour())));
        } else {
          missing.add(hour);
        }
      }
      if (!days.isEmpty()) {
        tables.upsert(Rollups.daily(hoursOf(days)), Tables.SENSOR_AGG_DAY.name());
      }
      for (SensorHour givenUp : pending.retry(missing, clock.instant())) {
        log.warn(
            "No stored readings of sensor {} for the hour {}: not rolled up (is ingest running?)",
            givenUp.sensorId(),
            givenUp.hour());
      }
      log.info(
          "Rolled up {} sensor-hour(s) and {} sensor-day(s) in {} ms ({} waiting for readings)",
          rolled.size(),
          days.size(),
          (System.nanoTime() - began) / 1_000_000,
          missing.size());
    } finally {
      hourly.unpersist();
    }
  }

  private record SensorDayKey(int sensorId, LocalDate day) {}

  /** The readings of these sensor-hours: keyed reads of their sensor-day partitions. */
  private Dataset<Row> readings(List<SensorHour> hours) {
    List<Row> keys = new ArrayList<>(hours.size());
    for (SensorHour hour : hours) {
      keys.add(
          RowFactory.create(
              hour.sensorId(),
              Date.valueOf(SensorDay.utcDay(hour.hour())),
              Timestamp.from(hour.hour())));
    }
    Dataset<Row> keyFrame = spark.createDataFrame(keys, HOUR_KEYS);
    return keyFrame
        .join(tables.readForKeyedJoin(Tables.SENSOR_DATA.name()), seq("sensor_id", "day"))
        .where(date_trunc("hour", col("timestamp")).equalTo(col("hour")))
        .select(
            col("sensor_id"),
            col("timestamp"),
            col("temperature").cast("double").as("temperature"),
            col("humidity").cast("double").as("humidity"));
  }

  /** Every stored hour of these sensor-days, read from their sensor-month partitions. */
  private Dataset<Row> hoursOf(Set<SensorDayKey> days) {
    List<Row> keys = new ArrayList<>(days.size());
    for (SensorDayKey key : days) {
      keys.add(
          RowFactory.create(
              key.sensorId(), Date.valueOf(key.day().withDayOfMonth(1)), Date.valueOf(key.day())));
    }
    return spark
        .createDataFrame(keys, DAY_KEYS)
        .join(tables.readForKeyedJoin(Tables.SENSOR_AGG_HOUR.name()), seq("sensor_id", "month"))
        .where(to_date(col("window_start")).equalTo(col("day")))
        .drop("day");
  }

  private static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toSeq();
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
  }
}
