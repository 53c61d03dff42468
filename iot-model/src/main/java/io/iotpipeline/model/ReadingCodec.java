package io.iotpipeline.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * The JSON wire format of {@link SensorReading}, compatible with the original project:
 *
 * <pre>{"sensor_id": 42, "timestamp": 1732780000.123, "temperature": 21.5, "humidity": 55.0}</pre>
 *
 * <p>The timestamp is event time in epoch seconds with a fraction (an ISO-8601 string is accepted
 * too). Optional fields: {@code v} (schema version, 1), {@code seq} (per-sensor counter), {@code
 * site}, and {@code type} (sensor type; only {@code "env"} exists). Unknown fields are ignored so
 * newer producers can add fields without breaking older consumers, up to {@value #MAX_FIELDS}
 * fields in all. A field given twice is refused: which copy counts would be up to the parser, and
 * two parsers (this one, Spark's) could then disagree on one message.
 *
 * <p>Encoding is hand-written because the simulator encodes hundreds of thousands of readings a
 * second; decoding takes a hand-written fast path for messages exactly as encoded here ({@link
 * CanonicalReadingParser}) and Jackson's streaming parser for everything else. Thread-safe.
 */
public final class ReadingCodec {

  public static final int SCHEMA_VERSION = 1;
  public static final String ENV_SENSOR_TYPE = "env";
  private static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** Far above any real reading's field count; more is a flood, not a newer schema. */
  public static final int MAX_FIELDS = 64;

  private final JsonFactory jsonFactory =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(4096).build())
          .build();

  public byte[] encode(SensorReading reading) {
    return encodeToString(reading).getBytes(StandardCharsets.UTF_8);
  }

  public String encodeToString(SensorReading reading) {
    StringBuilder json = new StringBuilder(128);
    json.append("{\"sensor_id\":").append(reading.sensorId());
    json.append(",\"timestamp\":");
    appendEpochSeconds(json, reading.timestamp().toEpochMilli());
    json.append(",\"temperature\":");
    appendFixed(json, reading.temperature());
    json.append(",\"humidity\":");
    appendFixed(json, reading.humidity());
    json.append(",\"v\":").append(SCHEMA_VERSION);
    if (reading.hasSequence()) {
      json.append(",\"seq\":").append(reading.sequence());
    }
    if (reading.site() != null) {
      json.append(",\"site\":");
      appendString(json, reading.site());
    }
    return json.append('}').toString();
  }

  /**
   * Parses and validates one message.
   *
   * @throws InvalidReadingException with a reason fit for a dead-letter record
   */
  public SensorReading decode(byte[] message) {
    if (message == null || message.length == 0) {
      throw new InvalidReadingException("empty message");
    }
    if (message.length > MAX_MESSAGE_BYTES) {
      throw new InvalidReadingException("message too large: " + message.length + " bytes");
    }
    SensorReading canonical = CanonicalReadingParser.tryParse(message);
    return canonical != null ? canonical : decodeWithJackson(message);
  }

  /** The general decoder: any field order, whitespace, escapes, ISO timestamps. */
  SensorReading decodeWithJackson(byte[] message) {
    try (JsonParser parser = jsonFactory.createParser(message)) {
      return parse(parser);
    } catch (InvalidReadingException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidReadingException("malformed JSON: " + firstLine(e.getMessage()), e);
    }
  }

  private SensorReading parse(JsonParser parser) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidReadingException("not a JSON object");
    }
    Integer sensorId = null;
    Instant timestamp = null;
    Double temperature = null;
    Double humidity = null;
    long sequence = SensorReading.NO_SEQUENCE;
    String site = null;
    Set<String> seen = new HashSet<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      if (!seen.add(field)) {
        throw new InvalidReadingException("duplicate field: " + abbreviate(field));
      }
      if (seen.size() > MAX_FIELDS) {
        throw new InvalidReadingException("more than " + MAX_FIELDS + " fields");
      }
      JsonToken value = parser.nextToken();
      switch (field) {
        case "sensor_id" -> sensorId = intValue(parser, value, field);
        case "timestamp" -> timestamp = timestampValue(parser, value);
        case "temperature" -> temperature = numberValue(parser, value, field);
        case "humidity" -> humidity = numberValue(parser, value, field);
        case "seq" -> sequence = longValue(parser, value, field);
        case "site" ->
            site = value == JsonToken.VALUE_NULL ? null : stringValue(parser, value, field);
        case "v" -> {
          int version = intValue(parser, value, field);
          if (version < 1 || version > SCHEMA_VERSION) {
            throw new InvalidReadingException("unsupported schema version v=" + version);
          }
        }
        case "type" -> {
          String type = stringValue(parser, value, field);
          if (!ENV_SENSOR_TYPE.equals(type)) {
            throw new InvalidReadingException("unknown sensor type: " + type);
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new InvalidReadingException("malformed JSON object");
    }
    if (parser.nextToken() != null) {
      throw new InvalidReadingException("trailing data after the JSON object");
    }
    require(sensorId, "sensor_id");
    require(timestamp, "timestamp");
    require(temperature, "temperature");
    require(humidity, "humidity");
    return new SensorReading(sensorId, timestamp, temperature, humidity, sequence, site);
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new InvalidReadingException("missing field: " + field);
    }
  }

  private static int intValue(JsonParser parser, JsonToken value, String field) throws IOException {
    long number = longValue(parser, value, field);
    if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
      throw new InvalidReadingException(field + " out of range: " + number);
    }
    return (int) number;
  }

  private static long longValue(JsonParser parser, JsonToken value, String field)
      throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidReadingException(
          field + " must be an integer, got " + describe(parser, value));
    }
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new InvalidReadingException(field + " out of range: " + parser.getText());
    }
    return parser.getLongValue();
  }

  private static double numberValue(JsonParser parser, JsonToken value, String field)
      throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new InvalidReadingException(
          field + " must be a number, got " + describe(parser, value));
    }
    double number = parser.getDoubleValue();
    if (!Double.isFinite(number)) {
      throw new InvalidReadingException(field + " is not finite");
    }
    return number;
  }

  private static String stringValue(JsonParser parser, JsonToken value, String field)
      throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidReadingException(
          field + " must be a string, got " + describe(parser, value));
    }
    String text = parser.getText();
    if (!isWellFormed(text)) {
      // A lone surrogate (an escaped "\\ud800", or one encoded as UTF-8 bytes) cannot be stored
      // as CQL text: refused here, it is a dead letter; accepted, it would fail the whole write.
      throw new InvalidReadingException(field + " is not valid Unicode (unpaired surrogate)");
    }
    return text;
  }

  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static Instant timestampValue(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      try {
        return Instant.parse(parser.getText());
      } catch (DateTimeParseException e) {
        throw new InvalidReadingException("timestamp is not ISO-8601: " + parser.getText());
      }
    }
    double seconds = numberValue(parser, value, "timestamp");
    // Seconds as a float: rounding to whole milliseconds undoes float noise (.123 -> .12299).
    long millis = Math.round(seconds * 1000.0);
    if (millis < 0 || millis > MAX_TIMESTAMP_MILLIS) {
      throw new InvalidReadingException(
          "timestamp out of range (epoch seconds expected): " + seconds);
    }
    return Instant.ofEpochMilli(millis);
  }

  /** Year 9999: anything beyond is certainly a unit mistake (milliseconds sent as seconds). */
  private static final long MAX_TIMESTAMP_MILLIS = 253_402_300_799_999L;

  private static String describe(JsonParser parser, JsonToken value) throws IOException {
    return value == null
        ? "end of input"
        : value.isScalarValue() ? parser.getText() : value.asString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static void appendEpochSeconds(StringBuilder json, long epochMillis) {
    json.append(Math.floorDiv(epochMillis, 1000L)).append('.');
    int fraction = (int) Math.floorMod(epochMillis, 1000L);
    if (fraction < 100) {
      json.append('0');
    }
    if (fraction < 10) {
      json.append('0');
    }
    json.append(fraction);
  }

  /** Two decimals, which is the precision of real temperature and humidity sensors. */
  private static void appendFixed(StringBuilder json, double value) {
    long hundredths = Math.round(value * 100.0);
    if (hundredths < 0) {
      json.append('-');
      hundredths = -hundredths;
    }
    json.append(hundredths / 100).append('.');
    long fraction = hundredths % 100;
    if (fraction < 10) {
      json.append('0');
    }
    json.append(fraction);
  }

  private static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
