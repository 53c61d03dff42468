package io.iotpipeline.api.query;

import io.iotpipeline.api.ApiException;
import io.iotpipeline.config.Durations;
import io.iotpipeline.model.SensorDay;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Validation of query parameters. Every rejection is an {@link ApiException} with status 400 and a
 * message naming the parameter, so a caller never sees a 500 for a bad value.
 */
public final class RequestParams {
  private RequestParams() {}

  public static final int DEFAULT_LIMIT = 1000;
  public static final int MAX_LIMIT = 10_000;

  /** Epoch numbers below this are seconds, above are milliseconds (1e11 s is the year 5138). */
  private static final long SECONDS_MILLIS_BOUNDARY = 100_000_000_000L;

  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  /**
   * Parses a point in time: ISO-8601 ({@code 2026-11-28T10:00:00Z}, with an offset, or a date
   * {@code 2026-11-28} meaning its UTC midnight), epoch seconds (may have decimals) or epoch
   * milliseconds, or a time before now ({@code -15m}, {@code -24h}, {@code -7d}).
   */
  public static Instant instant(String name, String text, Instant fallback, Clock clock) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String value = text.trim();
    Instant parsed;
    try {
      parsed = parseInstant(value, clock);
    } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
      throw ApiException.badRequest(
          name
              + " must be ISO-8601 (2026-11-28T10:00:00Z), a date, epoch"
              + " seconds or milliseconds, or relative like -1h; got '"
              + value
              + "'");
    }
    if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
      throw ApiException.badRequest(name + " is out of range (1970..2200): '" + value + "'");
    }
    return parsed.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant parseInstant(String value, Clock clock) {
    if (value.startsWith("-") && !value.matches("-\\d+(\\.\\d+)?")) {
      Duration ago = Durations.parse(value.substring(1));
      return clock.instant().minus(ago);
    }
    if (value.matches("-?\\d+(\\.\\d+)?")) {
      BigDecimal number = new BigDecimal(value);
      if (number.abs().compareTo(BigDecimal.valueOf(SECONDS_MILLIS_BOUNDARY)) < 0) {
        return Instant.ofEpochMilli(number.movePointRight(3).longValue());
      }
      return Instant.ofEpochMilli(number.longValueExact());
    }
    if (value.length() == 10) {
      return SensorDay.startOf(LocalDate.parse(value));
    }
    return OffsetDateTime.parse(value).toInstant();
  }

  /** A time range with defaults for missing ends; from > to is a 400. */
  public static TimeRange range(
      String fromText, String toText, Duration defaultLength, Clock clock) {
    return range("from", fromText, "to", toText, defaultLength, clock);
  }

  /** The same with other parameter names (e.g. {@code since} and {@code until}) in messages. */
  public static TimeRange range(
      String fromName,
      String fromText,
      String toName,
      String toText,
      Duration defaultLength,
      Clock clock) {
    Instant to = instant(toName, toText, clock.instant(), clock);
    Instant from = instant(fromName, fromText, to.minus(defaultLength), clock);
    if (from.isAfter(to)) {
      throw ApiException.badRequest(
          fromName + " (" + from + ") is after " + toName + " (" + to + ")");
    }
    return new TimeRange(from, to);
  }

  /** A 400 when {@code range} is longer than {@code max}; {@code what} names the read refused. */
  public static void requireAtMost(TimeRange range, Duration max, String what) {
    if (range.length().compareTo(max) > 0) {
      throw ApiException.badRequest(
          "range too long for "
              + what
              + ": "
              + range.length().toDays()
              + " days (at most "
              + max.toDays()
              + "); narrow from/to or use a coarser resolution");
    }
  }

  public static int limit(String text) {
    return limit(text, DEFAULT_LIMIT);
  }

  public static int limit(String text, int defaultLimit) {
    if (text == null || text.isBlank()) {
      return defaultLimit;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be an integer, got '" + text + "'");
    }
    if (value < 1 || value > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + value);
    }
    return (int) value;
  }

  public static int sensorId(String text) {
    try {
      int id = Integer.parseInt(text.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the same message as a negative id
    }
    throw ApiException.badRequest("sensor id must be a non-negative integer, got '" + text + "'");
  }
}
