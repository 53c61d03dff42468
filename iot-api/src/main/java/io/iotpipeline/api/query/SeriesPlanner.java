package io.iotpipeline.api.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses where a chart's series comes from so that it never pulls more than {@code maxPoints}
 * points: raw readings for short ranges, then minute, hour and day rollups as the range grows.
 * Pure: the sensor's reporting interval is measured by the caller and passed in.
 */
public final class SeriesPlanner {

  /** A few thousand points fill a wide screen; more cost transfer time and draw nothing new. */
  public static final int DEFAULT_MAX_POINTS = 3000;

  /** The plan of one series read. */
  public record Plan(
      Resolution resolution,
      long estimatedPoints,
      int limit,
      boolean automatic,
      List<Resolution> fallbacks) {

    public Plan {
      fallbacks = List.copyOf(fallbacks);
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be >= 1");
      }
    }

    /** True when the range holds more points than the read returns (the newest are kept). */
    public boolean truncated() {
      return estimatedPoints > limit;
    }
  }

  private final int maxPoints;

  public SeriesPlanner(int maxPoints) {
    if (maxPoints < 10) {
      throw new IllegalArgumentException("maxPoints must be >= 10, got " + maxPoints);
    }
    this.maxPoints = maxPoints;
  }

  public int maxPoints() {
    return maxPoints;
  }

  /**
   * @param range the chart's time range
   * @param requested an explicit resolution, or null for automatic
   * @param reportingInterval the sensor's typical time between readings (positive)
   */
  public Plan plan(TimeRange range, Resolution requested, Duration reportingInterval) {
    if (reportingInterval.isNegative() || reportingInterval.isZero()) {
      throw new IllegalArgumentException(
          "reportingInterval must be positive: " + reportingInterval);
    }
    if (requested != null) {
      long points = estimatedPoints(range, requested, reportingInterval);
      return new Plan(requested, points, maxPoints, false, List.of());
    }
    Resolution chosen = Resolution.DAY;
    for (Resolution candidate : Resolution.values()) {
      if (estimatedPoints(range, candidate, reportingInterval) <= maxPoints) {
        chosen = candidate;
        break;
      }
    }
    // Rollups exist only where the analytics ran: if the chosen table is empty, finer ones (capped
    // at maxPoints, newest first) still show the recent part of the range.
    List<Resolution> fallbacks = new ArrayList<>();
    for (Resolution finer = chosen; finer != Resolution.RAW; ) {
      finer = finer.finer();
      fallbacks.add(finer);
    }
    return new Plan(
        chosen, estimatedPoints(range, chosen, reportingInterval), maxPoints, true, fallbacks);
  }

  /** Points a resolution yields over a range: one per step, or per reading when finer. */
  public static long estimatedPoints(
      TimeRange range, Resolution resolution, Duration reportingInterval) {
    Duration perPoint =
        resolution.step().compareTo(reportingInterval) > 0 ? resolution.step() : reportingInterval;
    long millis = Math.max(1, perPoint.toMillis());
    return range.length().toMillis() / millis + 1;
  }
}
