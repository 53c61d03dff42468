package io.iotpipeline.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sensor-hours that received readings and are not rolled up yet: marked by the streaming job
 * for every micro-batch, taken by {@link ContinuousRollups} once an hour is closed (its end plus
 * the delay has passed). A late reading marks its hour again, so only the hours that changed are
 * rolled up again. Thread-safe (marked from a micro-batch, taken from the rollup thread); held in
 * memory, so the marks of a job that stops before they are due are lost (see docs/analytics.md).
 */
public final class PendingHours {

  /** One sensor's hour, by the hour's start (UTC). */
  public record SensorHour(int sensorId, Instant hour) {
    public Instant end() {
      return hour.plus(Duration.ofHours(1));
    }
  }

  /** Hours whose readings never showed up in sensor_data are given up after this long. */
  static final Duration GIVE_UP_AFTER = Duration.ofDays(1);

  private final Set<SensorHour> pending = new HashSet<>();

  public synchronized void mark(List<SensorHour> hours) {
    pending.addAll(hours);
  }

  /** Removes and returns the hours closed at {@code now}: those that ended {@code delay} ago. */
  public synchronized List<SensorHour> takeClosed(Instant now, Duration delay) {
    List<SensorHour> closed = new ArrayList<>();
    for (SensorHour hour : pending) {
      if (!hour.end().plus(delay).isAfter(now)) {
        closed.add(hour);
      }
    }
    closed.forEach(pending::remove);
    return closed;
  }

  /**
   * Puts back hours a rollup found no stored readings for (the ingester is behind), unless they
   * ended more than a day ago.
   *
   * @return the hours given up
   */
  public synchronized List<SensorHour> retry(List<SensorHour> hours, Instant now) {
    List<SensorHour> givenUp = new ArrayList<>();
    for (SensorHour hour : hours) {
      if (hour.end().plus(GIVE_UP_AFTER).isBefore(now)) {
        givenUp.add(hour);
      } else {
        pending.add(hour);
      }
    }
    return givenUp;
  }

  public synchronized int size() {
    return pending.size();
  }
}
