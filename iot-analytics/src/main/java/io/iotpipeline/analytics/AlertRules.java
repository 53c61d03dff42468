package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The alert rules, each a function from readings or minute aggregates to alert rows with the {@link
 * #COLUMNS} of {@code sensor_alerts}. An alert's key is (sensor_id, ts, rule), chosen so that
 * evaluating a rule twice on the same data (a replayed micro-batch, an update of a window) yields
 * the same key and the Cassandra upsert keeps one alert.
 */
public final class AlertRules {
  private AlertRules() {}

  public static final String THRESHOLD = "threshold";
  public static final String SPIKE = "spike";
  public static final String STUCK = "stuck";
  public static final String SILENCE = "silence";

  public static final String[] COLUMNS = {
    "sensor_id", "ts", "day", "rule", "value", "limit_value", "detail"
  };

  /**
   * Readings outside the limits. One alert per sensor and minute (at the minute's start) rather
   * than one per reading: a heat excursion of ten minutes is ten alerts, not six hundred, and the
   * key stays stable when the minute's readings arrive over several micro-batches.
   */
  public static Dataset<Row> threshold(Dataset<Row> readings, AlertThresholds limits) {
    Column tooHot = col("temperature").gt(limits.temperatureHigh());
    Column tooCold = col("temperature").lt(limits.temperatureLow());
    Column tooHumid = col("humidity").gt(limits.humidityHigh());
    Column tooDry = col("humidity").lt(limits.humidityLow());
    Dataset<Row> offending =
        readings
            .where(tooHot.or(tooCold).or(tooHumid).or(tooDry))
            .withColumn("ts", date_trunc("minute", col("timestamp")));
    Dataset<Row> perMinute =
        offending
            .groupBy("sensor_id", "ts")
            .agg(
                max("temperature").as("t_max"), min("temperature").as("t_min"),
                max("humidity").as("h_max"), min("humidity").as("h_min"));
    Column hot = col("t_max").gt(limits.temperatureHigh());
    Column cold = col("t_min").lt(limits.temperatureLow());
    Column humid = col("h_max").gt(limits.humidityHigh());
    Column value =
        when(hot, col("t_max"))
            .when(cold, col("t_min"))
            .when(humid, col("h_max"))
            .otherwise(col("h_min"));
    Column limit =
        when(hot, lit(limits.temperatureHigh()))
            .when(cold, lit(limits.temperatureLow()))
            .when(humid, lit(limits.humidityHigh()))
            .otherwise(lit(limits.humidityLow()));
    Column what =
        when(hot, lit("temperature above "))
            .when(cold, lit("temperature below "))
            .when(humid, lit("humidity above "))
            .otherwise(lit("humidity below "));
    return alerts(perMinute, THRESHOLD, value, limit, concat(what, limit.cast("string")));
  }

  /**
   * Orders each sensor's readings and annotates each with its predecessor and the run of identical
   * readings it belongs to: {@code previous_temperature}, {@code previous_timestamp}, {@code
   * run_start} (event time of the run's first reading) and {@code run_length}.
   *
   * <p>Input columns: sensor_id, timestamp, temperature, humidity, carried, run_start, run_length.
   * Rows with {@code carried = true} are each sensor's last reading of earlier micro-batches (with
   * their run's start and length); they link a batch to the one before and never alert themselves.
   * Fresh rows have null run columns.
   */
  public static Dataset<Row> sequence(Dataset<Row> readings, AlertThresholds limits) {
    WindowSpec bySensor = Window.partitionBy("sensor_id").orderBy("timestamp");
    Column changed =
        when(lag("temperature", 1).over(bySensor).isNull(), lit(1))
            .when(
                abs(col("temperature").minus(lag("temperature", 1).over(bySensor)))
                    .gt(limits.stuckEpsilon()),
                lit(1))
            .when(
                abs(col("humidity").minus(lag("humidity", 1).over(bySensor)))
                    .gt(limits.stuckEpsilon()),
                lit(1))
            .otherwise(lit(0));
    Dataset<Row> numbered =
        readings
            .withColumn("previous_temperature", lag("temperature", 1).over(bySensor))
            .withColumn("previous_timestamp", lag("timestamp", 1).over(bySensor))
            .withColumn("changed", changed)
            .withColumn(
                "run",
                sum("changed")
                    .over(bySensor.rowsBetween(Window.unboundedPreceding(), Window.currentRow())));
    WindowSpec byRun = Window.partitionBy("sensor_id", "run").orderBy("timestamp");
    return numbered
        .withColumn("run_start", first(coalesce(col("run_start"), col("timestamp"))).over(byRun))
        .withColumn(
            "run_length",
            first(coalesce(col("run_length"), lit(1L)))
                .over(byRun)
                .plus(row_number().over(byRun))
                .minus(1))
        .drop("changed", "run");
  }

  /** Consecutive readings whose temperature changes faster than the spike rate (°C per second). */
  public static Dataset<Row> spikes(Dataset<Row> sequenced, AlertThresholds limits) {
    Column seconds =
        col("timestamp").cast("double").minus(col("previous_timestamp").cast("double"));
    Column rate =
        abs(col("temperature").minus(col("previous_temperature")))
            .divide(greatest(seconds, lit(1.0)));
    Dataset<Row> spiking =
        sequenced
            .where(col("carried").equalTo(false).and(col("previous_temperature").isNotNull()))
            .withColumn("rate", rate)
            .where(col("rate").gt(limits.spikeRate()))
            .withColumn("ts", col("timestamp"));
    return alerts(
        spiking,
        SPIKE,
        col("rate"),
        lit(limits.spikeRate()),
        concat(
            lit("temperature "),
            format_number(col("previous_temperature"), 2),
            lit(" -> "),
            format_number(col("temperature"), 2)));
  }

  /**
   * Runs of at least {@code stuckMinReadings} identical readings (both quantities within epsilon).
   * One alert per run, dated at the run's first reading: the run grows over micro-batches but the
   * alert keeps its key, and its value (the run length so far) is updated in place.
   */
  public static Dataset<Row> stuck(Dataset<Row> sequenced, AlertThresholds limits) {
    Dataset<Row> runs =
        sequenced
            .where(
                col("carried").equalTo(false).and(col("run_length").geq(limits.stuckMinReadings())))
            .groupBy("sensor_id", "run_start")
            .agg(max("run_length").as("run_length"), first("temperature").as("temperature"))
            .withColumn("ts", col("run_start"));
    return alerts(
        runs,
        STUCK,
        col("run_length"),
        lit(limits.stuckMinReadings()),
        concat(
            col("run_length").cast("string"),
            lit(" identical readings, temperature "),
            format_number(col("temperature"), 2)));
  }

  /**
   * Silences that already ended: consecutive readings of a sensor further apart than the silence
   * period. Dated like {@link #silence} (previous reading + period), so a silence seen while open
   * and again once closed is one alert.
   */
  public static Dataset<Row> gaps(Dataset<Row> sequenced, AlertThresholds limits) {
    long periodMillis = limits.silence().toMillis();
    Column gapSeconds =
        col("timestamp").cast("double").minus(col("previous_timestamp").cast("double"));
    Dataset<Row> gaps =
        sequenced
            .where(col("carried").equalTo(false).and(col("previous_timestamp").isNotNull()))
            .withColumn("gap_seconds", gapSeconds)
            .where(col("gap_seconds").gt(periodMillis / 1000.0))
            .withColumn(
                "ts",
                col("previous_timestamp").plus(expr("INTERVAL " + periodMillis + " MILLISECONDS")));
    return alerts(
        gaps,
        SILENCE,
        col("gap_seconds"),
        lit(periodMillis / 1000.0),
        concat(
            lit("no reading between "),
            col("previous_timestamp").cast("string"),
            lit(" and "),
            col("timestamp").cast("string")));
  }

  /**
   * Sensors last seen more than the silence period before {@code now} (event time). The alert is
   * dated when the silence began to count (last seen + period), so it is the same alert however
   * often it is evaluated until the sensor speaks again.
   *
   * @param lastSeen rows of (sensor_id, last_seen)
   */
  public static Dataset<Row> silence(Dataset<Row> lastSeen, Timestamp now, AlertThresholds limits) {
    long periodMillis = limits.silence().toMillis();
    Column silentSince = col("last_seen").plus(expr("INTERVAL " + periodMillis + " MILLISECONDS"));
    Dataset<Row> silent =
        lastSeen
            .withColumn("ts", silentSince)
            .where(col("ts").leq(lit(now)))
            .withColumn(
                "silent_seconds", lit(now).cast("double").minus(col("last_seen").cast("double")));
    return alerts(
        silent,
        SILENCE,
        col("silent_seconds"),
        lit(periodMillis / 1000.0),
        concat(lit("no reading since "), col("last_seen").cast("string")));
  }

  private static Dataset<Row> alerts(
      Dataset<Row> rows, String rule, Column value, Column limit, Column detail) {
    return rows.select(
        col("sensor_id"),
        col("ts"),
        to_date(col("ts")).as("day"),
        lit(rule).as("rule"),
        value.cast("double").as("value"),
        limit.cast("double").as("limit_value"),
        detail.as("detail"));
  }
}
