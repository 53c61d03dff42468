package io.iotpipeline.bench.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Samples the rows an ingester has stored, to find how long it stood still. */
final class RowSampler implements AutoCloseable {

  /** At {@code nanos} (System.nanoTime) {@code rows} were stored. */
  record Sample(long nanos, long rows) {}

  private final LongSupplier rows;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "bench-row-sampler");
            thread.setDaemon(true);
            return thread;
          });

  private final Duration every;

  private RowSampler(LongSupplier rows, Duration every) {
    this.rows = rows;
    this.every = every;
  }

  static RowSampler create(LongSupplier rows, Duration every) {
    return new RowSampler(rows, every);
  }

  /** Takes the first sample now, then one per interval until closed. */
  RowSampler start() {
    sampler.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void sample() {
    Sample sample = new Sample(System.nanoTime(), rows.getAsLong());
    synchronized (samples) {
      samples.add(sample);
    }
  }

  /** The longest time between {@code from} and {@code to} in which no row was stored. */
  double longestStallSeconds(long from, long to) {
    List<Sample> window;
    synchronized (samples) {
      window = List.copyOf(samples);
    }
    return longestStallSeconds(window, from, to);
  }

  /** Pure, for tests: the longest gap between two increases of the row count in the window. */
  static double longestStallSeconds(List<Sample> samples, long from, long to) {
    double longest = 0;
    Sample lastIncrease = null;
    Sample previous = null;
    for (Sample sample : samples) {
      if (sample.nanos() < from) {
        previous = sample;
        continue;
      }
      if (sample.nanos() > to) {
        break;
      }
      if (lastIncrease == null) {
        lastIncrease = previous != null ? previous : sample;
      }
      longest = Math.max(longest, (sample.nanos() - lastIncrease.nanos()) / 1e9);
      if (sample.rows() > lastIncrease.rows()) {
        lastIncrease = sample;
      }
    }
    return longest;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
