package io.iotpipeline.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One message of the alerts topic ({@link Topics#ALERTS}): written by the streaming job as Spark's
 * {@code to_json} of an alert row, fields in {@link #FIELDS} order, and read by the API's live
 * feed. The one place that names the fields, so writer and reader cannot drift apart:
 *
 * <pre>
 * {"alert_id":"7/threshold/2026-11-28T10:00:00.000Z","sensor_id":7,"ts":"2026-11-28T10:00:00.000Z",
 * "day":"2026-11-28","rule":"threshold","value":41.0,"limit_value":40.0,"detail":"temperature above 40.0"}
 * </pre>
 *
 * <ul>
 *   <li>{@code alert_id} (string): {@code "<sensor_id>/<rule>/<ts>"} with {@code ts} in UTC,
 *       ISO-8601 with milliseconds, the primary key of {@code sensor_alerts}. An alert that changes
 *       is published again under the same id: a consumer keeps the latest per id.
 *   <li>{@code sensor_id} (integer); also the record key, so a sensor's alerts stay in order.
 *   <li>{@code ts} (string): when the alert starts, ISO-8601 with milliseconds and the offset of
 *       the job's session time zone ({@code Z}: the job runs in UTC).
 *   <li>{@code day} (string, {@code yyyy-MM-dd}): the day of {@code ts}, the partition of {@code
 *       sensor_alerts_by_day}.
 *   <li>{@code rule} (string): {@code threshold}, {@code spike}, {@code stuck} or {@code silence}.
 *   <li>{@code value} and {@code limit_value} (numbers): what was observed and the limit it
 *       crossed, in the rule's unit (°C, %, °C/s, readings, seconds).
 *   <li>{@code detail} (string): the alert in words.
 * </ul>
 *
 * <p>Spark leaves out a field whose value is null. Readers ignore fields they do not know, so the
 * writer may add one; {@code alert_id} and {@code day} are null in a message that lacks them (what
 * the live feed reads does not depend on them).
 */
public record AlertMessage(
    String alertId,
    int sensorId,
    Instant ts,
    LocalDate day,
    String rule,
    double value,
    double limitValue,
    String detail) {

  public static final String ALERT_ID = "alert_id";
  public static final String SENSOR_ID = "sensor_id";
  public static final String TS = "ts";
  public static final String DAY = "day";
  public static final String RULE = "rule";
  public static final String VALUE = "value";
  public static final String LIMIT_VALUE = "limit_value";
  public static final String DETAIL = "detail";

  /** Every field, in the order the writer puts them in a message. */
  public static final List<String> FIELDS =
      List.of(ALERT_ID, SENSOR_ID, TS, DAY, RULE, VALUE, LIMIT_VALUE, DETAIL);

  public AlertMessage {
    Objects.requireNonNull(ts, TS);
    Objects.requireNonNull(rule, RULE);
    Objects.requireNonNull(detail, DETAIL);
  }
}
