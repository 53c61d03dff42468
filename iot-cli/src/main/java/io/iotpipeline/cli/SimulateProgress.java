package io.iotpipeline.cli;

import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.config.Durations;
import io.iotpipeline.simulator.SimulationStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code iot simulate} prints: a progress line every second while it runs (also the job
 * registry's summary), and the closing summary.
 */
final class SimulateProgress implements AutoCloseable {

  private final SimulationStats stats;
  private final long began;
  private final RunningJobs.Registration job;
  private final ScheduledExecutorService scheduler;
  private long lastMessages;
  private long lastNanos;

  private SimulateProgress(SimulationStats stats, long began, RunningJobs.Registration job) {
    this.stats = stats;
    this.began = began;
    this.job = job;
    this.lastNanos = began;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "simulate-progress");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * @param began {@link System#nanoTime()} when the simulation began
   */
  static SimulateProgress create(SimulationStats stats, long began, RunningJobs.Registration job) {
    return new SimulateProgress(stats, began, job);
  }

  /** Prints a line a second until closed. */
  SimulateProgress start() {
    scheduler.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  private void print() {
    SimulationStats.Snapshot now = stats.snapshot();
    long nanos = System.nanoTime();
    double rate = (now.messages() - lastMessages) / ((nanos - lastNanos) / 1e9);
    lastMessages = now.messages();
    lastNanos = nanos;
    System.out.printf(
        Locale.ROOT,
        "  %6s  sent %,12d  acked %,12d  errors %,d  rate %,9.0f/s  event time %s%n",
        Durations.format(Duration.ofNanos(nanos - began).withNanos(0)),
        now.messages(),
        now.acked(),
        now.errors(),
        rate,
        now.eventTimeMillis() == Long.MIN_VALUE
            ? "-"
            : Instant.ofEpochMilli(now.eventTimeMillis()));
    job.update(String.format(Locale.ROOT, "%,d readings acked, %,.0f/s", now.acked(), rate));
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  static void printSummary(SimulationStats.Snapshot summary, long began) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
    System.out.printf(
        Locale.ROOT,
        "Done in %s: %,d readings, %,d messages sent, %,d acked, %,d errors; "
            + "injected %,d duplicates, %,d late, %,d fault episodes (%,d silent slots, %,d labels); "
            + "mean %,.0f messages/s%n",
        Durations.format(elapsed),
        summary.readings(),
        summary.messages(),
        summary.acked(),
        summary.errors(),
        summary.duplicates(),
        summary.late(),
        summary.faults(),
        summary.silenced(),
        summary.labels(),
        summary.acked() / seconds(elapsed));
  }

  private static double seconds(Duration duration) {
    return Math.max(duration.toNanos(), 1) / 1e9;
  }
}
