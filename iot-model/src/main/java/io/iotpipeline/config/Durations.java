package io.iotpipeline.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Human durations ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}, {@code 5y} = 5
 * x 365 days) and ISO-8601.
 */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("p") || value.startsWith("-p")) {
      return Duration.parse(text.trim());
    }
    int unitStart = 0;
    while (unitStart < value.length() && (Character.isDigit(value.charAt(unitStart)))) {
      unitStart++;
    }
    if (unitStart == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long amount = Long.parseLong(value.substring(0, unitStart));
    return switch (value.substring(unitStart)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s", "" -> Duration.ofSeconds(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      // A year of retention is 365 days (a TTL is counted in seconds, calendars do not apply).
      case "y" -> Duration.ofDays(365 * amount);
      default -> throw new IllegalArgumentException("unknown duration unit in: " + text);
    };
  }

  /** The short form used in output: {@code 1.5s}, {@code 250ms}, {@code 3m12s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 3600) {
      return (seconds / 60) + "m" + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
  }
}
