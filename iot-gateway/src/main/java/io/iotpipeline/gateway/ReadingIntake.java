package io.iotpipeline.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotpipeline.model.InvalidReadingException;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * Turns what a device sent into a reading for the readings topic, or the reason it cannot be one.
 * Pure and thread-safe: no I/O.
 *
 * <p>An accepted reading is forwarded re-encoded by {@link ReadingCodec}, not as the device's
 * bytes: devices write whatever JSON their library writes (spaces, key order, ISO times), and the
 * canonical form takes the ingester's fast path; the fields it drops are those every consumer
 * ignores. A rejected message keeps the device's bytes, for the dead-letter topic.
 */
public final class ReadingIntake {

  /** The MQTT topic of sensor N is {@code sensors/N}. */
  public static final String TOPIC_PREFIX = "sensors/";

  /** What became of one message. */
  public sealed interface Outcome permits Accepted, Rejected {}

  /**
   * @param value the canonical encoding to put on the readings topic
   */
  public record Accepted(SensorReading reading, byte[] value) implements Outcome {}

  /**
   * @param reason why, in words a person can act on (the dead letter's reason header)
   */
  public record Rejected(String reason) implements Outcome {}

  private static final String MISSING_SENSOR_ID = "missing field: sensor_id";

  private final ReadingCodec codec;
  private final ObjectMapper mapper = new ObjectMapper();

  public ReadingIntake(ReadingCodec codec) {
    this.codec = codec;
  }

  /** The sensor id a topic names, if it is {@code sensors/N} with N a non-negative int. */
  public static OptionalInt sensorOfTopic(String topic) {
    if (topic == null || !topic.startsWith(TOPIC_PREFIX)) {
      return OptionalInt.empty();
    }
    String id = topic.substring(TOPIC_PREFIX.length());
    if (id.isEmpty() || id.length() > 10 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalInt.empty();
    }
    long value = Long.parseLong(id);
    return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
  }

  /**
   * A message published on an MQTT topic: the topic names the sensor; a {@code sensor_id} in the
   * payload, if present, must be the same, and is filled in from the topic when absent.
   */
  public Outcome fromTopic(String topic, byte[] payload) {
    OptionalInt sensor = sensorOfTopic(topic);
    if (sensor.isEmpty()) {
      return new Rejected(
          "topic '" + abbreviate(topic) + "' is not " + TOPIC_PREFIX + "{sensor_id}");
    }
    return decode(payload, sensor);
  }

  /**
   * One reading, optionally of a given sensor.
   *
   * @param expectedSensor the sensor the message must belong to (empty: any)
   */
  public Outcome decode(byte[] payload, OptionalInt expectedSensor) {
    SensorReading reading;
    try {
      reading = codec.decode(payload);
    } catch (InvalidReadingException e) {
      if (!(MISSING_SENSOR_ID.equals(e.getMessage()) && expectedSensor.isPresent())) {
        return new Rejected(e.getMessage());
      }
      try {
        reading = codec.decode(withSensorId(payload, expectedSensor.getAsInt()));
      } catch (InvalidReadingException again) {
        return new Rejected(again.getMessage());
      }
    } catch (RuntimeException e) {
      // A decoder bug must not kill a connection: park the message with what went wrong.
      return new Rejected("unreadable: " + e);
    }
    if (expectedSensor.isPresent() && reading.sensorId() != expectedSensor.getAsInt()) {
      return new Rejected(
          "sensor_id "
              + reading.sensorId()
              + " does not match the topic's sensor "
              + expectedSensor.getAsInt());
    }
    return new Accepted(reading, codec.encode(reading));
  }

  /** Reached only for a well-formed object that lacks the field (the codec said exactly that). */
  private byte[] withSensorId(byte[] payload, int sensorId) {
    try {
      JsonNode node = mapper.readTree(payload);
      if (!(node instanceof ObjectNode object)) {
        throw new InvalidReadingException("not a JSON object");
      }
      object.put("sensor_id", sensorId);
      return mapper.writeValueAsBytes(object);
    } catch (JsonProcessingException e) {
      throw new InvalidReadingException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidReadingException("unreadable: " + e.getMessage());
    }
  }

  static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
