package io.iotpipeline.analytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for the machine's CPUs to go quiet between benchmark phases. A phase that writes millions
 * of rows leaves Cassandra flushing and compacting for a while; whichever phase runs next would pay
 * for it and the phases would not compare. Reads {@code /proc/stat} (Linux); elsewhere it returns
 * at once. Plain JDK code on the analytics classpath, so the Spark-side bench and iot-bench (which
 * has the analytics jar without Spark) share this one copy.
 */
public final class CpuSettle {
  private CpuSettle() {}

  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final Duration SAMPLE = Duration.ofSeconds(1);

  /** The benchmarks' wait between phases: CPUs less than 15 % busy, for at most 90 s. */
  public static Duration awaitQuietBetweenPhases() throws InterruptedException {
    return awaitQuiet(0.15, Duration.ofSeconds(90));
  }

  /**
   * Returns once one second passes with the CPUs busy less than {@code maxBusy} (0..1) of the time,
   * or after {@code timeout}; returns how long it waited.
   */
  public static Duration awaitQuiet(double maxBusy, Duration timeout) throws InterruptedException {
    long began = System.nanoTime();
    long[] previous = ticks();
    if (previous == null) {
      return Duration.ZERO;
    }
    while (System.nanoTime() - began < timeout.toNanos()) {
      Thread.sleep(SAMPLE.toMillis());
      long[] now = ticks();
      long total = now[0] - previous[0];
      long idle = now[1] - previous[1];
      previous = now;
      if (total > 0 && (total - idle) / (double) total < maxBusy) {
        break;
      }
    }
    return Duration.ofNanos(System.nanoTime() - began);
  }

  /** {total, idle + iowait} jiffies of all CPUs, or null when /proc/stat is not there. */
  private static long[] ticks() {
    try {
      String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
