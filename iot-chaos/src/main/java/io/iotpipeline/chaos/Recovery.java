package io.iotpipeline.chaos;

import io.iotpipeline.chaos.IngestMonitor.Sample;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How long the ingest took to recover from a fault: from the fault's start to the first moment,
 * once the fault is over, when the ingest rate is back above half its rate before the fault, or
 * nothing is left to consume (a caught-up ingester has no rate to get back to). Pure.
 */
final class Recovery {
  private Recovery() {}

  /** The pre-fault rate is taken over this long before the fault. */
  static final Duration BEFORE = Duration.ofSeconds(10);

  /** The rate after the fault is taken over windows this long. */
  static final Duration WINDOW = Duration.ofSeconds(2);

  /** Seconds from {@code faultStart} to recovery (System.nanoTime values), or empty if never. */
  static OptionalDouble seconds(List<Sample> samples, long faultStart, long faultEnd) {
    double before = rate(samples, faultStart - BEFORE.toNanos(), faultStart);
    for (Sample sample : samples) {
      if (sample.nanos() < faultEnd) {
        continue;
      }
      // Only samples after the fault ended: the commits just before a kill are no recovery.
      double after =
          rate(samples, Math.max(faultEnd, sample.nanos() - WINDOW.toNanos()), sample.nanos());
      if (sample.lag() == 0 || (before > 0 && after >= before / 2)) {
        return OptionalDouble.of((sample.nanos() - faultStart) / 1e9);
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * The longest time the ingest stood still with work waiting: the longest time between two looks
   * that showed progress (a new commit, or nothing left to consume), while records waited, counted
   * from the first commit (the ingester's own start-up is not a stall). A stretch without samples
   * (the monitor could not reach Kafka) counts whole: nothing shows progress in it. On a cluster
   * this is what one node's death costs while it is down; {@link #seconds} only starts looking once
   * the node is back.
   */
  static double longestStallSeconds(List<Sample> samples) {
    double longest = 0;
    Sample lastProgress = null;
    for (Sample sample : samples) {
      if (lastProgress == null) {
        if (sample.committed() > 0) {
          lastProgress = sample;
        }
        continue;
      }
      if (lastProgress.lag() > 0) {
        longest = Math.max(longest, (sample.nanos() - lastProgress.nanos()) / 1e9);
      }
      if (sample.committed() > lastProgress.committed() || sample.lag() == 0) {
        lastProgress = sample;
      }
    }
    return longest;
  }

  /**
   * Committed offsets per second between the first sample at or after {@code from} and the last at
   * or before {@code to}.
   */
  static double rate(List<Sample> samples, long from, long to) {
    Sample first = null;
    Sample last = null;
    for (Sample sample : samples) {
      if (sample.nanos() >= from && sample.nanos() <= to) {
        if (first == null) {
          first = sample;
        }
        last = sample;
      }
    }
    if (first == null || last.nanos() - first.nanos() < WINDOW.toNanos() / 2) {
      return 0;
    }
    return (last.committed() - first.committed()) / ((last.nanos() - first.nanos()) / 1e9);
  }
}
