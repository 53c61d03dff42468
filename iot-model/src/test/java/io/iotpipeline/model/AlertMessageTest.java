package io.iotpipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

  /**
   * A message as the streaming job writes it (iot-analytics AlertTopicTest checks the same text).
   */
  static final String SPARK_MESSAGE =
      "{\"alert_id\":\"7/threshold/2026-11-28T10:00:00.000Z\","
          + "\"sensor_id\":7,\"ts\":\"2026-11-28T10:00:00.000Z\",\"day\":\"2026-11-28\","
          + "\"rule\":\"threshold\",\"value\":41.0,\"limit_value\":40.0,"
          + "\"detail\":\"temperature above 40.0\"}";

  @Test
  void theFieldsAreThoseOfAWrittenMessageInItsOrder() throws IOException {
    List<String> names = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(SPARK_MESSAGE)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          names.add(parser.currentName());
        }
      }
    }

    assertThat(names).isEqualTo(AlertMessage.FIELDS);
  }

  @Test
  void anAlertNeedsATimeARuleAndADetail() {
    Instant ts = Instant.parse("2026-11-28T10:00:00Z");
    assertThatNullPointerException()
        .isThrownBy(() -> new AlertMessage(null, 7, null, null, "threshold", 41.0, 40.0, ""))
        .withMessage("ts");
    assertThatNullPointerException()
        .isThrownBy(() -> new AlertMessage(null, 7, ts, null, null, 41.0, 40.0, ""))
        .withMessage("rule");
    assertThat(new AlertMessage(null, 7, ts, null, "threshold", 41.0, 40.0, "").alertId()).isNull();
  }
}
