package io.iotpipeline.bench.load;

import io.iotpipeline.bench.BenchException;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.simulator.DeliveryFaultRates;
import io.iotpipeline.simulator.FaultRates;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.KafkaReadingSink;
import io.iotpipeline.simulator.RateLimiter;
import io.iotpipeline.simulator.SimulationOptions;
import io.iotpipeline.simulator.SimulationStats;
import java.time.Duration;
import java.time.Instant;

/**
 * A load: the real simulator paced on a thread of its own, clean data (no faults, no late or
 * duplicate delivery), so every reading is one row and event time is the wall clock at sending.
 */
public final class PacedFleet implements AutoCloseable {
  private final SimulationStats stats = new SimulationStats();
  private final KafkaReadingSink sink;
  private final FleetSimulator simulator;
  private final Thread thread;
  private final Instant started;
  private volatile RuntimeException failure;

  private PacedFleet(KafkaSettings kafka, int sensors, int perSecond) {
    if (sensors * 1000L % perSecond != 0) {
      throw new IllegalArgumentException(
          sensors + " sensors at " + perSecond + " readings/s is no whole-millisecond interval");
    }
    started = Instant.now();
    // Real-time pace: each sensor reports every sensors/perSecond seconds (50 ms for 1000 sensors
    // at 20k/s), so event time is the wall clock at sending.
    Duration interval = Duration.ofMillis(sensors * 1000L / perSecond);
    sink = new KafkaReadingSink(kafka, stats);
    simulator = cleanSimulator(sink, stats, sensors, interval, started, 0, perSecond);
    thread = new Thread(this::generate, "bench-stream-fleet");
  }

  /**
   * The simulator as a bench load: clean data (no sensor faults, no late or duplicate delivery), so
   * every reading becomes exactly one row.
   *
   * @param count readings to send, 0 for no limit
   * @param perSecond pace, 0 for as fast as Kafka takes them
   */
  static FleetSimulator cleanSimulator(
      KafkaReadingSink sink,
      SimulationStats stats,
      int sensors,
      Duration interval,
      Instant eventStart,
      long count,
      double perSecond) {
    SimulationOptions options =
        new SimulationOptions(
            sensors,
            interval,
            eventStart,
            null,
            count,
            1,
            perSecond,
            FaultRates.NONE,
            DeliveryFaultRates.NONE);
    return new FleetSimulator(
        options,
        sink,
        label -> {},
        perSecond == 0 ? RateLimiter.unlimited() : RateLimiter.system(perSecond),
        stats);
  }

  /**
   * @param perSecond readings per second; each sensor's interval, sensors / perSecond seconds, must
   *     be a whole number of milliseconds
   */
  public static PacedFleet create(KafkaSettings kafka, int sensors, int perSecond) {
    return new PacedFleet(kafka, sensors, perSecond);
  }

  /** Starts sending on a thread of its own; returns at once. */
  public PacedFleet start() {
    thread.start();
    return this;
  }

  private void generate() {
    try {
      simulator.run();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  public Instant started() {
    return started;
  }

  public SimulationStats.Snapshot stats() {
    return stats.snapshot();
  }

  public void checkHealthy() {
    if (failure != null || stats.snapshot().errors() > 0) {
      throw new BenchException(
          "the bench load could not send to Kafka: "
              + (failure != null ? failure.getMessage() : stats.snapshot().errors() + " errors"));
    }
  }

  @Override
  public void close() throws InterruptedException {
    simulator.stop();
    thread.join(Duration.ofSeconds(60).toMillis());
    sink.close();
  }
}
