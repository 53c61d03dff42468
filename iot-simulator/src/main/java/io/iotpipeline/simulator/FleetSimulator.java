package io.iotpipeline.simulator;

import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates a fleet's readings in event-time order (see {@link SimulationOptions} for the timing
 * rule), injects sensor and delivery faults, and hands every message to a {@link ReadingSink}.
 *
 * <p>Per sensor: {@code seq} starts at 0 and grows by one per reading actually produced (a dropout
 * does not advance it, so a gap in {@code seq} always means loss in the pipeline); event times grow
 * by one interval per reading, so two readings of a sensor never share a millisecond.
 *
 * <p>Randomness comes from three streams split off the seed (signal noise, faults, delivery), so
 * enabling duplicates never changes a temperature. {@link #run()} blocks on the calling thread;
 * {@link #stop()} (e.g. from a shutdown hook) ends it after the current reading, and the run still
 * releases held-back messages, labels open fault episodes and flushes the sink.
 */
public final class FleetSimulator implements AutoCloseable {

  private final SimulationOptions options;
  private final List<SensorProfile> fleet;
  private final ReadingSink sink;
  private final LabelSink labels;
  private final RateLimiter pacer;
  private final SimulationStats stats;
  private final ReadingCodec codec = new ReadingCodec();
  private volatile boolean stopRequested;

  public FleetSimulator(
      SimulationOptions options,
      ReadingSink sink,
      LabelSink labels,
      RateLimiter pacer,
      SimulationStats stats) {
    this.options = options;
    this.fleet = SensorProfile.fleet(options.sensors(), options.seed());
    this.sink = sink;
    this.stats = stats;
    this.labels =
        label -> {
          stats.labels.incrementAndGet();
          labels.label(label);
        };
    this.pacer = pacer;
  }

  public List<SensorProfile> fleet() {
    return fleet;
  }

  /** Generates until the count or end is reached or {@link #stop()} is called. */
  public SimulationStats.Snapshot run() {
    int sensors = fleet.size();
    long interval = options.interval().toMillis();
    long[] stagger = new long[sensors];
    int[] ids = new int[sensors];
    for (int i = 0; i < sensors; i++) {
      stagger[i] = i * interval / sensors;
      ids[i] = fleet.get(i).id();
    }
    long[] sequence = new long[sensors];
    SplittableRandom noise = new SplittableRandom(options.seed());
    FaultInjector faults =
        new FaultInjector(ids, options.faults(), noise.nextLong(), labels, stats.faults);
    DeliveryFaults delivery = new DeliveryFaults(options.delivery(), noise.nextLong(), interval);
    PriorityQueue<Held> held =
        new PriorityQueue<>(
            Comparator.comparingLong(Held::releaseAtMillis).thenComparingLong(Held::order));
    long startMillis = options.start().toEpochMilli();
    long endMillis = options.end() == null ? Long.MAX_VALUE : options.end().toEpochMilli();
    long count = options.count() == 0 ? Long.MAX_VALUE : options.count();
    long generated = 0;
    long heldOrder = 0;
    Sample sample = new Sample();

    generation:
    for (long roundStart = startMillis; ; roundStart += interval) {
      for (int i = 0; i < sensors; i++) {
        long eventMillis = roundStart + stagger[i];
        // Generation order is event-time order, so the first slot past the end ends the run.
        if (stopRequested || eventMillis >= endMillis || generated >= count) {
          break generation;
        }
        while (!held.isEmpty() && held.peek().releaseAtMillis() <= eventMillis) {
          Held late = held.poll();
          deliver(late.reading(), late.value(), delivery);
        }
        pacer.acquire();
        stats.eventTimeMillis.lazySet(eventMillis);
        SensorProfile profile = fleet.get(i);
        sample.temperature = SignalModel.temperature(profile, eventMillis, noise.nextGaussian());
        sample.humidity = SignalModel.humidity(profile, sample.temperature, noise.nextGaussian());
        if (!faults.apply(i, eventMillis, sample)) {
          stats.silenced.incrementAndGet();
          continue;
        }
        // Rounded as the wire carries them: the reading handed to the sink equals the decoded one.
        SensorReading reading =
            new SensorReading(
                profile.id(),
                Instant.ofEpochMilli(eventMillis),
                hundredths(sample.temperature),
                hundredths(sample.humidity),
                sequence[i]++,
                profile.site());
        byte[] value = codec.encode(reading);
        generated++;
        stats.readings.incrementAndGet();
        long lateness = delivery.lateness();
        if (lateness > 0) {
          stats.late.incrementAndGet();
          held.add(new Held(eventMillis + lateness, heldOrder++, reading, value));
        } else {
          deliver(reading, value, delivery);
        }
      }
    }
    while (!held.isEmpty()) {
      Held late = held.poll();
      deliver(late.reading(), late.value(), delivery);
    }
    faults.finish();
    sink.flush();
    return stats.snapshot();
  }

  /** Asks a running {@link #run()} to wind down; safe from any thread. */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Same as {@link #stop()}: the simulator owns no resources of its own (the caller owns the sink).
   */
  @Override
  public void close() {
    stop();
  }

  private void deliver(SensorReading reading, byte[] value, DeliveryFaults delivery) {
    sink.send(reading, value);
    stats.messages.incrementAndGet();
    if (delivery.duplicate()) {
      sink.send(reading, value);
      stats.messages.incrementAndGet();
      stats.duplicates.incrementAndGet();
    }
  }

  private static double hundredths(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  private record Held(long releaseAtMillis, long order, SensorReading reading, byte[] value) {}
}
