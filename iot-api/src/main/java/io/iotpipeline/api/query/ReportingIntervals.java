package io.iotpipeline.api.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Each sensor's reporting interval, measured at most once per {@link #TTL}: the series planner
 * needs it on every chart request, measuring it is a Cassandra read, and it changes rarely.
 */
public final class ReportingIntervals {

  public static final Duration TTL = Duration.ofMinutes(1);

  /** Measures a sensor's interval from its readings up to {@code latest}. */
  @FunctionalInterface
  public interface Measure {
    Duration measure(int sensorId, Instant latest);
  }

  /** An interval and when it was measured ({@code nanos} time). */
  private record Measured(Duration interval, long measuredAtNanos) {}

  private final Measure measure;
  private final LongSupplier nanos;
  private final long ttlNanos = TTL.toNanos();
  private final Map<Integer, Measured> measured = new ConcurrentHashMap<>();

  public ReportingIntervals(Measure measure, LongSupplier nanos) {
    this.measure = measure;
    this.nanos = nanos;
  }

  /** The interval of {@code sensorId}, whose latest reading is at {@code latest}. */
  public Duration of(int sensorId, Instant latest) {
    long now = nanos.getAsLong();
    Measured known = measured.get(sensorId);
    if (known == null || now - known.measuredAtNanos() > ttlNanos) {
      // Two requests may both measure: a duplicate read is cheaper than a lock on every chart.
      known = new Measured(measure.measure(sensorId, latest), now);
      measured.put(sensorId, known);
    }
    return known.interval();
  }
}
