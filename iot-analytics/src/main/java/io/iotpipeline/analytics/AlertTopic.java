package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_utc_timestamp;

import io.iotpipeline.model.AlertMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The messages of the alerts topic. A micro-batch publishes its alerts once (a replay after a crash
 * is skipped by the {@link AlertLedger}, save for a crash in the moment between Kafka's
 * acknowledgement and the ledger write), but an alert that is updated (a stuck run that grows, a
 * silence seen while open and again once closed) is published once per update. Each message
 * therefore carries {@code alert_id}, {@code "<sensor_id>/<rule>/<ts>"} with {@code ts} in UTC
 * (ISO-8601, milliseconds): the primary key of {@code sensor_alerts}, deterministic for a given
 * alert, so a consumer dedupes on it and keeps the latest message per id.
 *
 * <p>The record key stays the sensor id: all alerts of a sensor land in one partition, in order,
 * which "keep the latest per id" relies on. The value's fields, their order and meaning are {@link
 * AlertMessage}'s.
 */
final class AlertTopic {
  private AlertTopic() {}

  static final String ID_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";

  /**
   * Alert rows ({@link AlertRules#COLUMNS}) as Kafka records: string {@code key}, JSON {@code
   * value}.
   */
  static Dataset<Row> records(Dataset<Row> alerts) {
    List<Column> fields = new ArrayList<>(AlertMessage.FIELDS.size());
    for (String field : AlertMessage.FIELDS) {
      fields.add(field.equals(AlertMessage.ALERT_ID) ? alertId().as(field) : col(field));
    }
    return alerts.select(
        col("sensor_id").cast("string").as("key"),
        to_json(struct(fields.toArray(Column[]::new))).as("value"));
  }

  /**
   * Fails unless rows with these columns carry every field of an {@link AlertMessage} but the
   * derived {@code alert_id}: the job checks its alert rows at start rather than at the first
   * alert, which may come hours later.
   */
  static void requireMessageFields(String... columns) {
    List<String> have = List.of(columns);
    List<String> missing =
        AlertMessage.FIELDS.stream()
            .filter(field -> !field.equals(AlertMessage.ALERT_ID) && !have.contains(field))
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "alert rows lack the alert message field(s) " + missing + " (columns: " + have + ")");
    }
  }

  /**
   * Rendered in UTC whatever the session's time zone: {@code date_format} formats in the session
   * zone, so the timestamp is shifted to show UTC wall time first. An id must not change with the
   * configuration of the job that computes it.
   */
  static Column alertId() {
    Column utc = to_utc_timestamp(col("ts"), expr("current_timezone()"));
    return concat_ws(
        "/", col("sensor_id").cast("string"), col("rule"), date_format(utc, ID_FORMAT));
  }
}
