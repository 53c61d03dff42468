package io.iotpipeline.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The partition rule of the per-sensor tables ({@code sensor_data}, {@code sensor_agg_minute}): a
 * row belongs to the partition (sensor id, UTC day of its time). Every JVM client (ingest, API,
 * CLI) takes the day from here. The Spark jobs compute the same rule in Spark SQL ({@code to_date}
 * on a session whose time zone is UTC, see {@code SparkSessions}), because a Java call per row
 * would defeat Spark's generated code.
 *
 * @param sensorId the first half of the partition key
 * @param day the second half: the UTC calendar day
 */
public record SensorDay(int sensorId, LocalDate day) {

  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final long SECONDS_PER_DAY = 86_400L;

  /** The partition of a sensor's row at {@code time}. */
  public static SensorDay of(int sensorId, Instant time) {
    return new SensorDay(sensorId, utcDay(time));
  }

  /** The UTC day of an instant. */
  public static LocalDate utcDay(Instant time) {
    // Seconds, not millis: Instant.toEpochMilli overflows for instants beyond +-292 million years.
    return LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY));
  }

  /**
   * The UTC day of an instant in epoch milliseconds, without the time-zone rules that {@code
   * LocalDate.ofInstant} looks up per call: ingest calls this once per reading.
   */
  public static LocalDate utcDay(long epochMillis) {
    return LocalDate.ofEpochDay(utcEpochDay(epochMillis));
  }

  /** {@link #utcDay(long)} as days since 1970-01-01: a cheap grouping key. */
  public static long utcEpochDay(long epochMillis) {
    return Math.floorDiv(epochMillis, MILLIS_PER_DAY);
  }

  /** The first instant of a UTC day. */
  public static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
