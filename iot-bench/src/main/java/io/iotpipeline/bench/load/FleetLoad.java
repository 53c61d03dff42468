package io.iotpipeline.bench.load;

import io.iotpipeline.bench.BenchException;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.KafkaReadingSink;
import io.iotpipeline.simulator.SimulationStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The simulator as a load of a known size, run on the calling thread. */
public final class FleetLoad {
  private FleetLoad() {}

  /**
   * Sends {@code count} distinct readings of sensors {@code 1..sensors}, one per sensor per second
   * of event time from {@code eventStart}, at {@code perSecond} (0 = unpaced). Clean data (no
   * faults), so every reading becomes one row. Returns when Kafka has acknowledged all of them.
   */
  public static void produce(
      KafkaSettings kafka, int sensors, long count, double perSecond, Instant eventStart) {
    SimulationStats stats = new SimulationStats();
    try (KafkaReadingSink sink = new KafkaReadingSink(kafka, stats);
        FleetSimulator simulator =
            PacedFleet.cleanSimulator(
                sink, stats, sensors, Duration.ofSeconds(1), eventStart, count, perSecond)) {
      SimulationStats.Snapshot done = simulator.run();
      sink.flush();
      if (done.errors() > 0) {
        throw new BenchException(
            String.format(
                Locale.ROOT, "bench load: %,d readings failed to reach Kafka", done.errors()));
      }
    }
  }
}
