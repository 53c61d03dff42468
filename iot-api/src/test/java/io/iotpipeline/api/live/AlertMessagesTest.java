package io.iotpipeline.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.api.Json;
import io.iotpipeline.api.query.Records.Alert;
import io.iotpipeline.model.AlertMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertMessagesTest {

  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * A message exactly as the streaming job writes it (iot-analytics AlertTopicTest checks this
   * text).
   */
  private static final String SPARK_MESSAGE =
      "{\"alert_id\":\"7/threshold/2026-11-28T10:00:00.000Z\","
          + "\"sensor_id\":7,\"ts\":\"2026-11-28T10:00:00.000Z\",\"day\":\"2026-11-28\","
          + "\"rule\":\"threshold\",\"value\":41.0,\"limit_value\":40.0,"
          + "\"detail\":\"temperature above 40.0\"}";

  private static final Instant TEN = Instant.parse("2026-11-28T10:00:00Z");

  private Optional<Alert> parse(String json) {
    return AlertMessages.parse(mapper, json.getBytes(StandardCharsets.UTF_8));
  }

  private Optional<AlertMessage> read(String json) {
    return AlertMessages.read(mapper, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryFieldOfAMessageAsTheStreamingJobWritesIt() {
    assertThat(read(SPARK_MESSAGE))
        .contains(
            new AlertMessage(
                "7/threshold/2026-11-28T10:00:00.000Z",
                7,
                TEN,
                LocalDate.parse("2026-11-28"),
                "threshold",
                41.0,
                40.0,
                "temperature above 40.0"));
  }

  @Test
  void theLiveStreamSendsAnAlertInTheShapeOfTheAlertsEndpoint() throws Exception {
    Alert alert =
        AlertMessages.parse(Json.mapper(), SPARK_MESSAGE.getBytes(StandardCharsets.UTF_8))
            .orElseThrow();

    assertThat(Json.mapper().writeValueAsString(alert))
        .isEqualTo(
            "{\"sensor_id\":7,"
                + "\"ts\":\"2026-11-28T10:00:00Z\",\"rule\":\"threshold\",\"value\":41.0,"
                + "\"limit_value\":40.0,\"detail\":\"temperature above 40.0\"}");
  }

  @Test
  void ignoresUnknownFieldsAndReadsMissingOptionalOnesAsDefaults() {
    assertThat(
            read(
                "{\"sensor_id\":3,\"severity\":\"high\",\"ts\":\"2026-11-28T10:00:00Z\","
                    + "\"extra\":{\"nested\":[1,2]}}"))
        .contains(new AlertMessage(null, 3, TEN, null, "unknown", Double.NaN, Double.NaN, ""));
  }

  @Test
  void aDayThatIsNotADateDoesNotCostTheAlert() {
    assertThat(
            read(
                "{\"sensor_id\":3,\"ts\":\"2026-11-28T10:00:00Z\",\"day\":\"monday\","
                    + "\"rule\":\"stuck\"}"))
        .get()
        .satisfies(
            alert -> {
              assertThat(alert.day()).isNull();
              assertThat(alert.rule()).isEqualTo("stuck");
            });
  }

  @Test
  void readsSparksToJsonOfAnAlertRow() {
    Optional<Alert> alert =
        parse(
            "{\"sensor_id\":3,\"ts\":\"2026-11-28T10:00:00.000Z\","
                + "\"day\":\"2026-11-28\",\"rule\":\"threshold\",\"value\":41.5,\"limit_value\":40.0,"
                + "\"detail\":\"temperature above 40.0\"}");

    assertThat(alert)
        .contains(
            new Alert(
                3,
                Instant.parse("2026-11-28T10:00:00Z"),
                "threshold",
                41.5,
                40.0,
                "temperature above 40.0"));
  }

  @Test
  void acceptsOffsetsAndEpochTimestamps() {
    assertThat(parse("{\"sensor_id\":1,\"ts\":\"2026-11-28T11:00:00.000+01:00\"}"))
        .get()
        .extracting(Alert::ts)
        .isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(parse("{\"sensor_id\":1,\"ts\":1764331200.25}"))
        .get()
        .extracting(Alert::ts)
        .isEqualTo(Instant.ofEpochMilli(1764331200250L));
  }

  @Test
  void skipsWhatIsNotAnAlert() {
    assertThat(parse("not json")).isEmpty();
    assertThat(parse("[1,2]")).isEmpty();
    assertThat(parse("{\"ts\":\"2026-11-28T10:00:00Z\"}")).isEmpty();
    assertThat(parse("{\"sensor_id\":1,\"ts\":\"noon\"}")).isEmpty();
  }
}
