package io.iotpipeline.simulator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a run: written by the generation thread and the producer's callback thread, read
 * by whoever prints progress.
 */
public final class SimulationStats {

  final AtomicLong readings = new AtomicLong();
  final AtomicLong messages = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong late = new AtomicLong();
  final AtomicLong silenced = new AtomicLong();
  final AtomicLong faults = new AtomicLong();
  final AtomicLong labels = new AtomicLong();
  final AtomicLong acked = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong eventTimeMillis = new AtomicLong(Long.MIN_VALUE);

  /** Called from the sink's delivery callback. */
  public void recordAck() {
    acked.incrementAndGet();
  }

  /** Called from the sink's delivery callback. */
  public void recordError() {
    errors.incrementAndGet();
  }

  public Snapshot snapshot() {
    return new Snapshot(
        readings.get(),
        messages.get(),
        duplicates.get(),
        late.get(),
        silenced.get(),
        faults.get(),
        labels.get(),
        acked.get(),
        errors.get(),
        eventTimeMillis.get());
  }

  /**
   * The counters at one moment.
   *
   * @param readings distinct readings generated (what {@code --count} counts)
   * @param messages messages handed to the sink, duplicates included
   * @param duplicates extra copies sent
   * @param late readings held back and sent out of order
   * @param silenced reading slots that stayed silent because of a dropout
   * @param faults fault episodes started
   * @param labels truth labels emitted
   * @param acked messages the broker acknowledged
   * @param errors messages that failed
   * @param eventTimeMillis event time of the latest generated slot, or Long.MIN_VALUE before any
   */
  public record Snapshot(
      long readings,
      long messages,
      long duplicates,
      long late,
      long silenced,
      long faults,
      long labels,
      long acked,
      long errors,
      long eventTimeMillis) {}
}
