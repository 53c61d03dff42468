package io.iotpipeline.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Ground truth for one injected fault episode, published to the truth topic and the truth file as
 * one JSON object per episode:
 *
 * <pre>{"sensor_id":7,"fault":"stuck","start":1732780000.123,"end":1732780120.123,"readings":121}
 * </pre>
 *
 * <p>{@code start} and {@code end} are the event times (epoch seconds, millisecond fraction) of the
 * first and last affected reading slot, both inclusive; for a dropout they are the slots that
 * stayed silent. {@code readings} counts the affected slots. An episode still open when a run stops
 * is labelled up to its last slot.
 */
public record FaultLabel(int sensorId, FaultKind fault, Instant start, Instant end, int readings) {

  private static final JsonFactory JSON = new JsonFactory();

  public FaultLabel {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end before start: " + start + " > " + end);
    }
    if (readings < 1) {
      throw new IllegalArgumentException("readings must be >= 1, got " + readings);
    }
  }

  /** Whether a reading of this sensor at {@code timestamp} falls inside the episode. */
  public boolean covers(int sensor, Instant timestamp) {
    return sensor == sensorId && !timestamp.isBefore(start) && !timestamp.isAfter(end);
  }

  public String toJson() {
    return "{\"sensor_id\":"
        + sensorId
        + ",\"fault\":\""
        + fault.label()
        + "\",\"start\":"
        + epochSeconds(start)
        + ",\"end\":"
        + epochSeconds(end)
        + ",\"readings\":"
        + readings
        + "}";
  }

  /** Parses what {@link #toJson()} writes; unknown fields are ignored. */
  public static FaultLabel parse(String json) {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object: " + json);
      }
      Integer sensorId = null;
      FaultKind fault = null;
      Instant start = null;
      Instant end = null;
      int readings = 1;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "sensor_id" -> sensorId = parser.getIntValue();
          case "fault" -> fault = FaultKind.fromLabel(parser.getText());
          case "start" -> start = Instant.ofEpochMilli(Math.round(parser.getDoubleValue() * 1000));
          case "end" -> end = Instant.ofEpochMilli(Math.round(parser.getDoubleValue() * 1000));
          case "readings" -> readings = parser.getIntValue();
          default -> parser.skipChildren();
        }
      }
      if (sensorId == null || fault == null || start == null || end == null) {
        throw new IllegalArgumentException("truth label misses a field: " + json);
      }
      return new FaultLabel(sensorId, fault, start, end, readings);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed truth label: " + json, e);
    }
  }

  private static String epochSeconds(Instant instant) {
    long millis = instant.toEpochMilli();
    return Math.floorDiv(millis, 1000L) + "." + String.format("%03d", Math.floorMod(millis, 1000L));
  }
}
