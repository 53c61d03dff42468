package io.iotpipeline.simulator;

import io.iotpipeline.config.Durations;
import io.iotpipeline.model.SensorDay;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Event times as users type them: {@code now}, {@code now-2h}, {@code now+30m}, an ISO-8601 instant
 * ({@code 2026-11-20T08:00:00Z}), a UTC date ({@code 2026-11-20} = its midnight) or epoch seconds
 * ({@code 1732780000.5}). "now" is passed in, so parsing stays deterministic in tests.
 */
public final class EventTimes {
  private EventTimes() {}

  /** An inclusive-start, exclusive-end event-time range, e.g. from {@code --backfill FROM..TO}. */
  public record Range(Instant from, Instant to) {
    public Range {
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("empty range: " + from + " is not before " + to);
      }
    }
  }

  public static Instant parse(String text, Instant now) {
    String value = text.trim();
    if (value.startsWith("now")) {
      String rest = value.substring(3).trim();
      if (rest.isEmpty()) {
        return now;
      }
      char sign = rest.charAt(0);
      if (sign != '-' && sign != '+') {
        throw new IllegalArgumentException("expected now, now-DURATION or now+DURATION: " + text);
      }
      var offset = Durations.parse(rest.substring(1).trim());
      return sign == '-' ? now.minus(offset) : now.plus(offset);
    }
    try {
      if (value.matches("\\d+(\\.\\d+)?")) {
        long millis = new BigDecimal(value).movePointRight(3).longValue();
        return Instant.ofEpochMilli(millis);
      }
      if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return SensorDay.startOf(LocalDate.parse(value));
      }
      return Instant.parse(value);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "not a time (try 2026-11-20T08:00:00Z, 2026-11-20, "
              + "epoch seconds, now or now-2h): "
              + text);
    }
  }

  /** {@code FROM..TO}, each side as in {@link #parse}. */
  public static Range parseRange(String text, Instant now) {
    int separator = text.indexOf("..");
    if (separator < 0) {
      throw new IllegalArgumentException("expected FROM..TO, e.g. now-1d..now: " + text);
    }
    return new Range(
        parse(text.substring(0, separator), now), parse(text.substring(separator + 2), now));
  }

  /** A fraction given as {@code 0.001} or as a percentage {@code 0.1%}. */
  public static double parseFraction(String text) {
    String value = text.trim();
    try {
      double fraction =
          value.endsWith("%")
              ? Double.parseDouble(value.substring(0, value.length() - 1).trim()) / 100
              : Double.parseDouble(value);
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("must be between 0 and 1 (or 0% and 100%): " + text);
      }
      return fraction;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a fraction (try 0.001 or 0.1%): " + text);
    }
  }
}
