package io.iotpipeline.api.live;

import static io.iotpipeline.model.AlertMessage.ALERT_ID;
import static io.iotpipeline.model.AlertMessage.DAY;
import static io.iotpipeline.model.AlertMessage.DETAIL;
import static io.iotpipeline.model.AlertMessage.LIMIT_VALUE;
import static io.iotpipeline.model.AlertMessage.RULE;
import static io.iotpipeline.model.AlertMessage.SENSOR_ID;
import static io.iotpipeline.model.AlertMessage.TS;
import static io.iotpipeline.model.AlertMessage.VALUE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.api.query.Records.Alert;
import io.iotpipeline.model.AlertMessage;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the alerts topic's messages ({@link AlertMessage}, written by the analytics), leniently:
 * only {@code sensor_id} and {@code ts} are required; the timestamp may carry any offset or be
 * epoch seconds/millis; a missing {@code rule} reads as {@code "unknown"}, {@code value} and {@code
 * limit_value} as NaN, {@code detail} as empty, {@code alert_id} and {@code day} (which the live
 * feed does not show) as null, and so does a {@code day} that is not a date. Unknown fields are
 * ignored.
 */
public final class AlertMessages {
  private AlertMessages() {}

  /** The message, or empty when it is not an alert (the caller counts and skips it). */
  public static Optional<AlertMessage> read(ObjectMapper mapper, byte[] message) {
    try {
      JsonNode node = mapper.readTree(message);
      if (node == null
          || !node.isObject()
          || !node.path(SENSOR_ID).canConvertToInt()
          || !node.hasNonNull(TS)) {
        return Optional.empty();
      }
      Instant ts = timestamp(node.get(TS));
      if (ts == null) {
        return Optional.empty();
      }
      return Optional.of(
          new AlertMessage(
              node.path(ALERT_ID).asText(null),
              node.get(SENSOR_ID).asInt(),
              ts,
              day(node.path(DAY)),
              node.path(RULE).asText("unknown"),
              node.path(VALUE).asDouble(Double.NaN),
              node.path(LIMIT_VALUE).asDouble(Double.NaN),
              node.path(DETAIL).asText("")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The alert as the live stream sends it: the shape of {@code /api/alerts}' alerts. */
  public static Optional<Alert> parse(ObjectMapper mapper, byte[] message) {
    return read(mapper, message)
        .map(
            alert ->
                new Alert(
                    alert.sensorId(),
                    alert.ts(),
                    alert.rule(),
                    alert.value(),
                    alert.limitValue(),
                    alert.detail()));
  }

  private static Instant timestamp(JsonNode ts) {
    if (ts.isNumber()) {
      double value = ts.asDouble();
      return value < 1e11
          ? Instant.ofEpochMilli(Math.round(value * 1000))
          : Instant.ofEpochMilli((long) value);
    }
    try {
      return OffsetDateTime.parse(ts.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static LocalDate day(JsonNode day) {
    if (!day.isTextual()) {
      return null;
    }
    try {
      return LocalDate.parse(day.textValue());
    } catch (DateTimeException e) {
      return null;
    }
  }
}
