package io.iotpipeline.api.query;

import io.iotpipeline.config.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses where a chart's series comes from so that it never pulls more than {@code maxPoints}
 * points: raw readings for short ranges, then minute, hour and day rollups as the range grows. A
 * tier whose retention no longer reaches back to the range's start is passed over for the next
 * coarser one that does (the minute rollups of a range that began 14 months ago have expired).
 * Pure: the sensor's reporting interval is measured by the caller and passed in, the clock given.
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
  private final Retention retention;
  private final Clock clock;

  /** A planner for data kept forever in every tier. */
  public SeriesPlanner(int maxPoints) {
    this(
        maxPoints,
        new Retention(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO),
        Clock.systemUTC());
  }

  /**
   * @param retention how long each tier keeps its data (the {@code retention.*} settings)
   * @param clock what "now" is, from which a tier's retention counts back
   */
  public SeriesPlanner(int maxPoints, Retention retention, Clock clock) {
    if (maxPoints < 10) {
      throw new IllegalArgumentException("maxPoints must be >= 10, got " + maxPoints);
    }
    this.maxPoints = maxPoints;
    this.retention = retention;
    this.clock = clock;
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
    chosen = retained(chosen, range.from());
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

  /**
   * The given tier, or the next coarser one whose retention still holds data at {@code from}; when
   * none does, the coarsest-kept of them (it holds the most of the range).
   */
  private Resolution retained(Resolution chosen, Instant from) {
    Instant now = clock.instant();
    Resolution longest = chosen;
    for (Resolution tier = chosen; ; tier = coarser(tier)) {
      Duration kept = keptFor(tier);
      if (Retention.isForever(kept) || !now.minus(kept).isAfter(from)) {
        return tier;
      }
      if (keptLonger(kept, keptFor(longest))) {
        longest = tier;
      }
      if (tier == Resolution.DAY) {
        return longest;
      }
    }
  }

  private static boolean keptLonger(Duration kept, Duration than) {
    return !Retention.isForever(than) && kept.compareTo(than) > 0;
  }

  private static Resolution coarser(Resolution tier) {
    return Resolution.values()[Math.min(tier.ordinal() + 1, Resolution.DAY.ordinal())];
  }

  /** How long a tier keeps its rows; zero is forever. */
  Duration keptFor(Resolution tier) {
    return switch (tier) {
      case RAW -> retention.raw();
      case MINUTE -> retention.minute();
      case HOUR -> retention.hour();
      case DAY -> retention.day();
    };
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
