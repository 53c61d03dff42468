package io.iotpipeline.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A fast path for the one shape nearly every message has: exactly what {@link ReadingCodec#encode}
 * writes, byte for byte,
 *
 * <pre>
 * {"sensor_id":7,"timestamp":1732780000.123,"temperature":21.53,"humidity":48.10,"v":1,"seq":9,"site":"site-1"}
 * </pre>
 *
 * ({@code seq} and {@code site} optional). Anything else (other key order, whitespace, escapes,
 * signs or leading zeros where the encoder writes none, more digits) returns null and goes through
 * Jackson, which gives the same values or the reason for rejecting the message. Numbers are exact:
 * a decimal of at most 15 significant digits divided by a power of ten at most 10^6 is the
 * correctly rounded double, as Jackson's parse gives. Ingest spent a fifth of its poll thread
 * setting up a Jackson parser per 110-byte message.
 */
final class CanonicalReadingParser {
  private CanonicalReadingParser() {}

  private static final byte[] SENSOR_ID = ascii("{\"sensor_id\":");
  private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
  private static final byte[] TEMPERATURE = ascii(",\"temperature\":");
  private static final byte[] HUMIDITY = ascii(",\"humidity\":");
  private static final byte[] VERSION_1 = ascii(",\"v\":1");
  private static final byte[] SEQ = ascii(",\"seq\":");
  private static final byte[] SITE = ascii(",\"site\":\"");
  private static final double[] POWERS_OF_TEN = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  private static final int MAX_DIGITS = 15;

  /** The reading, or null when the message is not in the canonical shape (then use Jackson). */
  static SensorReading tryParse(byte[] message) {
    Cursor in = new Cursor(message);
    if (!in.expect(SENSOR_ID)) {
      return null;
    }
    long sensorId = in.unsignedInteger(10);
    if (sensorId < 0 || sensorId > Integer.MAX_VALUE || !in.expect(TIMESTAMP)) {
      return null;
    }
    long seconds = in.unsignedInteger(12); // up to year 9999
    if (seconds < 0 || !in.expect('.')) {
      return null;
    }
    int fractionStart = in.position;
    long millis = in.digits(3);
    if (millis < 0 || in.position - fractionStart != 3 || !in.expect(TEMPERATURE)) {
      return null;
    }
    double temperature = in.decimal();
    if (Double.isNaN(temperature) || !in.expect(HUMIDITY)) {
      return null;
    }
    double humidity = in.decimal();
    if (Double.isNaN(humidity) || !in.expect(VERSION_1)) {
      return null;
    }
    long sequence = SensorReading.NO_SEQUENCE;
    if (in.expect(SEQ)) {
      sequence = in.unsignedInteger(18);
      if (sequence < 0) {
        return null;
      }
    }
    String site = null;
    if (in.expect(SITE)) {
      site = in.plainString();
      if (site == null) {
        return null;
      }
    }
    if (!in.expect('}') || in.position != message.length) {
      return null;
    }
    return new SensorReading(
        (int) sensorId,
        Instant.ofEpochMilli(seconds * 1000 + millis),
        temperature,
        humidity,
        sequence,
        site);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads forward through the message; every method returns a "no" value on any surprise. */
  private static final class Cursor {
    final byte[] bytes;
    int position;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean expect(byte[] literal) {
      if (bytes.length - position < literal.length) {
        return false;
      }
      for (int i = 0; i < literal.length; i++) {
        if (bytes[position + i] != literal[i]) {
          return false;
        }
      }
      position += literal.length;
      return true;
    }

    boolean expect(char c) {
      if (position < bytes.length && bytes[position] == c) {
        position++;
        return true;
      }
      return false;
    }

    /** Up to {@code maxDigits} digits, at least one; -1 if none or more. */
    long digits(int maxDigits) {
      long value = 0;
      int start = position;
      while (position < bytes.length && bytes[position] >= '0' && bytes[position] <= '9') {
        if (position - start == maxDigits) {
          return -1;
        }
        value = value * 10 + (bytes[position++] - '0');
      }
      return position == start ? -1 : value;
    }

    /**
     * A JSON integer without sign or leading zeros, of at most {@code maxDigits} digits; else -1.
     */
    long unsignedInteger(int maxDigits) {
      int start = position;
      long value = digits(maxDigits);
      if (value < 0 || (bytes[start] == '0' && position - start > 1)) {
        return -1;
      }
      return value;
    }

    /** {@code -?int.frac} with at most 6 fraction and 15 significant digits; NaN otherwise. */
    double decimal() {
      boolean negative = expect('-');
      int start = position;
      long whole = unsignedInteger(MAX_DIGITS);
      if (whole < 0 || !expect('.')) {
        return Double.NaN;
      }
      int wholeDigits = position - 1 - start;
      int fractionStart = position;
      long fraction = digits(POWERS_OF_TEN.length - 1);
      int fractionDigits = position - fractionStart;
      if (fraction < 0 || wholeDigits + fractionDigits > MAX_DIGITS) {
        return Double.NaN;
      }
      double value =
          (whole * (long) POWERS_OF_TEN[fractionDigits] + fraction) / POWERS_OF_TEN[fractionDigits];
      return negative ? -value : value;
    }

    /** Printable ASCII up to the closing quote, no escapes; null otherwise. */
    String plainString() {
      int start = position;
      while (position < bytes.length && bytes[position] != '"') {
        byte b = bytes[position];
        if (b < 0x20 || b > 0x7e || b == '\\') {
          return null;
        }
        position++;
      }
      if (position == bytes.length) {
        return null;
      }
      String value = new String(bytes, start, position - start, StandardCharsets.ISO_8859_1);
      position++; // the closing quote
      return value;
    }
  }
}
