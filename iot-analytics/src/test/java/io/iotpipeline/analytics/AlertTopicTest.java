package io.iotpipeline.analytics;

import static io.iotpipeline.analytics.LocalSpark.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class AlertTopicTest {

  private static final AlertThresholds LIMITS =
      new AlertThresholds(40.0, 0.0, 90.0, 10.0, 3.0, 5, 1e-6, Duration.ofSeconds(60));

  private static List<Row> records(List<Row> readings) {
    return AlertTopic.records(AlertRules.threshold(LocalSpark.readings(readings), LIMITS))
        .orderBy("key")
        .collectAsList();
  }

  @Test
  void aMessageIsKeyedBySensorAndCarriesTheAlertsPrimaryKeyAsId() {
    List<Row> records = records(List.of(reading(7, "2026-11-28T10:00:05Z", 41.0, 50.0)));

    assertThat(records).hasSize(1);
    assertThat(records.get(0).<String>getAs("key")).isEqualTo("7");
    assertThat(records.get(0).<String>getAs("value"))
        .startsWith("{\"alert_id\":\"7/threshold/2026-11-28T10:00:00.000Z\",\"sensor_id\":7,")
        .contains("\"rule\":\"threshold\"", "\"value\":41.0", "\"limit_value\":40.0");
  }

  @Test
  void theMessageIsExactlyWhatTheApiReads() {
    // The same text as iot-model's AlertMessageTest and iot-api's AlertMessagesTest.
    List<Row> records = records(List.of(reading(7, "2026-11-28T10:00:05Z", 41.0, 50.0)));

    assertThat(records.get(0).<String>getAs("value"))
        .isEqualTo(
            "{\"alert_id\":"
                + "\"7/threshold/2026-11-28T10:00:00.000Z\",\"sensor_id\":7,"
                + "\"ts\":\"2026-11-28T10:00:00.000Z\",\"day\":\"2026-11-28\",\"rule\":\"threshold\","
                + "\"value\":41.0,\"limit_value\":40.0,\"detail\":\"temperature above 40.0\"}");
  }

  @Test
  void theAlertRowsCarryEveryMessageFieldAndAJobWithoutOneFailsAtStart() {
    AlertTopic.requireMessageFields(AlertRules.COLUMNS);

    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                AlertTopic.requireMessageFields(
                    "sensor_id", "ts", "day", "rule", "value", "limit_value"))
        .withMessageContaining("[detail]");
  }

  @Test
  void theSameAlertEvaluatedAgainOnMoreDataKeepsItsIdWhileItsContentChanges() {
    // A replayed or later micro-batch re-evaluates the minute: same alert, maybe a new value.
    Row first = records(List.of(reading(7, "2026-11-28T10:00:05Z", 41.0, 50.0))).get(0);
    Row again =
        records(
                List.of(
                    reading(7, "2026-11-28T10:00:05Z", 41.0, 50.0),
                    reading(7, "2026-11-28T10:00:50Z", 44.0, 50.0)))
            .get(0);

    assertThat(id(again)).isEqualTo(id(first));
    assertThat(again.<String>getAs("value")).isNotEqualTo(first.<String>getAs("value"));
  }

  @Test
  void differentRulesSensorsAndMinutesGetDifferentIds() {
    List<Row> records =
        records(
            List.of(
                reading(7, "2026-11-28T10:00:05Z", 41.0, 50.0),
                reading(7, "2026-11-28T10:01:05Z", 41.0, 50.0),
                reading(8, "2026-11-28T10:00:05Z", 41.0, 50.0)));

    assertThat(records.stream().map(AlertTopicTest::id).distinct()).hasSize(3);
  }

  @Test
  void theIdIsInUtcWhateverTheSessionTimeZone() {
    SparkSession spark = LocalSpark.session();
    String zone = spark.conf().get("spark.sql.session.timeZone");
    try {
      spark.conf().set("spark.sql.session.timeZone", "Asia/Kolkata");
      Row record = records(List.of(reading(7, "2026-11-28T10:00:05Z", 41.0, 50.0))).get(0);

      assertThat(id(record)).isEqualTo("7/threshold/2026-11-28T10:00:00.000Z");
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  private static String id(Row record) {
    String value = record.getAs("value");
    int start = value.indexOf("\"alert_id\":\"") + "\"alert_id\":\"".length();
    return value.substring(start, value.indexOf('"', start));
  }
}
