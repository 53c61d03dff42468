package io.iotpipeline.model;

import java.util.List;

/**
 * The pipeline's Cassandra tables, in one place: their names as the code spells them and what each
 * holds. The CQL that creates them is in iot-clients ({@code resources/schema}); a test there
 * checks that both list the same tables. Lives in iot-model so the Spark jobs can use it too.
 */
public final class Tables {
  private Tables() {}

  /**
   * One table.
   *
   * @param name the table name, without keyspace
   * @param key its primary key as written in the CQL, partition key in parentheses
   * @param holds what a row is
   * @param columns every column, in the order the CQL creates them (the names Spark's rows and the
   *     connector use)
   */
  public record Table(String name, String key, String holds, List<String> columns) {
    public Table {
      columns = List.copyOf(columns);
    }

    /** {@code keyspace.name}, as CQL statements name the table. */
    public String in(String keyspace) {
      return keyspace + "." + name;
    }
  }

  public static final Table SENSOR_DATA =
      new Table(
          "sensor_data",
          "((sensor_id, day), timestamp)",
          "one raw reading; the partition is a sensor-day (SensorDay), rows expire after retention.raw",
          List.of(
              "sensor_id",
              "day",
              "timestamp",
              "temperature",
              "humidity",
              "seq",
              "site",
              "ingested_at"));
  public static final Table SENSOR_LATEST =
      new Table(
          "sensor_latest",
          "(sensor_id)",
          "each sensor's newest reading, written with the event time as write timestamp",
          List.of("sensor_id", "timestamp", "temperature", "humidity", "seq", "site"));
  public static final Table SENSORS =
      new Table(
          "sensors",
          "(sensor_id)",
          "what is known of each sensor",
          List.of("sensor_id", "site", "zone", "sensor_type", "first_seen", "description"));
  public static final Table SENSOR_AGG_MINUTE =
      new Table(
          "sensor_agg_minute",
          "((sensor_id, day), window_start)",
          "one sensor-minute aggregate (streaming)",
          List.of(
              "sensor_id",
              "day",
              "window_start",
              "readings",
              "temperature_min",
              "temperature_max",
              "temperature_avg",
              "humidity_min",
              "humidity_max",
              "humidity_avg"));
  public static final Table SENSOR_AGG_HOUR =
      new Table(
          "sensor_agg_hour",
          "((sensor_id, month), window_start)",
          "one sensor-hour rollup (batch)",
          List.of(
              "sensor_id",
              "month",
              "window_start",
              "readings",
              "minutes_with_data",
              "temperature_min",
              "temperature_max",
              "temperature_avg",
              "humidity_min",
              "humidity_max",
              "humidity_avg"));
  public static final Table SENSOR_AGG_DAY =
      new Table(
          "sensor_agg_day",
          "((sensor_id, year), day)",
          "one sensor-day rollup (batch)",
          List.of(
              "sensor_id",
              "year",
              "day",
              "readings",
              "minutes_with_data",
              "temperature_min",
              "temperature_max",
              "temperature_avg",
              "humidity_min",
              "humidity_max",
              "humidity_avg"));
  public static final Table SENSOR_ALERTS =
      new Table(
          "sensor_alerts",
          "((sensor_id), ts, rule)",
          "one alert, by sensor",
          List.of("sensor_id", "ts", "rule", "day", "value", "limit_value", "detail"));
  public static final Table SENSOR_ALERTS_BY_DAY =
      new Table(
          "sensor_alerts_by_day",
          "((day), ts, sensor_id, rule)",
          "the same alerts, by UTC day",
          List.of("day", "ts", "sensor_id", "rule", "value", "limit_value", "detail"));
  public static final Table FLEET_REPORT =
      new Table(
          "fleet_report",
          "((period), section, rank)",
          "one line of the fleet report of a period (batch)",
          List.of("period", "section", "rank", "sensor_id", "value", "generated_at"));
  public static final Table STREAM_PROGRESS =
      new Table(
          "stream_progress",
          "((query), batch_id)",
          "one streaming micro-batch: what it read and how fast",
          List.of(
              "query",
              "batch_id",
              "recorded_at",
              "input_rows",
              "processed_rows_per_second",
              "late_rows",
              "invalid_rows",
              "watermark",
              "duration_ms"));
  public static final Table ALERT_PUBLICATIONS =
      new Table(
          "alert_publications",
          "((query), batch_id)",
          "one micro-batch of the alerts query whose alerts reached the alerts topic",
          List.of("query", "batch_id", "published_at", "alerts"));
  public static final Table DEVICES =
      new Table(
          "devices",
          "(device_id)",
          "one device allowed to send through the gateway: its hashed secret and revoked flag",
          List.of("device_id", "secret_hash", "revoked", "created_at", "revoked_at"));
  public static final Table SCHEMA_MIGRATIONS =
      new Table(
          "schema_migrations",
          "(version)",
          "one applied schema migration (written by the schema migrator, not by a migration)",
          List.of("version", "description", "checksum", "applied_at"));

  /** Every table the migrations create, in the order they create them. */
  public static final List<Table> ALL =
      List.of(
          SENSOR_DATA,
          SENSOR_LATEST,
          SENSORS,
          SENSOR_AGG_MINUTE,
          SENSOR_AGG_HOUR,
          SENSOR_AGG_DAY,
          SENSOR_ALERTS,
          SENSOR_ALERTS_BY_DAY,
          FLEET_REPORT,
          STREAM_PROGRESS,
          ALERT_PUBLICATIONS,
          DEVICES);
}
