package io.iotpipeline.api.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.api.query.Records.Alert;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the alerts topic's messages, written by the analytics as Spark's {@code to_json} of an
 * alert row: {@code {"sensor_id":3,"ts":"2026-11-28T10:00:00.000Z","rule":"threshold",
 * "value":41.2,"limit_value":40.0,"detail":"..."}}. The timestamp may carry an offset or be
 * epoch seconds/millis; unknown fields are ignored.
 */
public final class AlertMessages {
  private AlertMessages() {}

  /** The alert, or empty when the message is not one (the caller counts and skips it). */
  public static Optional<Alert> parse(ObjectMapper mapper, byte[] message) {
    try {
      JsonNode node = mapper.readTree(message);
      if (node == null || !node.isObject() || !node.path("sensor_id").canConvertToInt()
          || !node.hasNonNull("ts")) {
        return Optional.empty();
      }
      Instant ts = timestamp(node.get("ts"));
      if (ts == null) {
        return Optional.empty();
      }
      return Optional.of(new Alert(node.get("sensor_id").asInt(), ts,
          node.path("rule").asText("unknown"), node.path("value").asDouble(Double.NaN),
          node.path("limit_value").asDouble(Double.NaN), node.path("detail").asText("")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Instant timestamp(JsonNode ts) {
    if (ts.isNumber()) {
      double value = ts.asDouble();
      return value < 1e11 ? Instant.ofEpochMilli(Math.round(value * 1000))
          : Instant.ofEpochMilli((long) value);
    }
    try {
      return OffsetDateTime.parse(ts.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
