package io.iotpipeline.ingest;

import io.iotpipeline.model.SensorReading;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Coalesces {@code sensor_latest} updates: between two flushes only the newest reading of each
 * sensor is kept, so a sensor reporting 10 times a second costs one write per flush interval
 * instead of ten. Whoever offers a reading gets the future of the flush that will write it, and the
 * ingester commits only after that flush too, so a crash loses no latest value either.
 */
final class LatestReadings {

  private final Function<Collection<SensorReading>, CompletableFuture<Void>> write;
  private Map<Integer, SensorReading> newest = new HashMap<>();
  private CompletableFuture<Void> nextFlush = new CompletableFuture<>();

  /**
   * @param write sends {@code sensor_latest} rows (retrying like any other write)
   */
  LatestReadings(Function<Collection<SensorReading>, CompletableFuture<Void>> write) {
    this.write = write;
  }

  /**
   * @return completes when the flush holding this reading (or a newer one) is written
   */
  synchronized CompletableFuture<Void> offer(SensorReading reading) {
    newest.merge(
        reading.sensorId(),
        reading,
        (kept, offered) -> offered.timestamp().isAfter(kept.timestamp()) ? offered : kept);
    return nextFlush;
  }

  /** Writes what was offered since the last flush. Called periodically by one thread. */
  void flush() {
    Map<Integer, SensorReading> toWrite;
    CompletableFuture<Void> flushed;
    synchronized (this) {
      if (newest.isEmpty()) {
        return;
      }
      toWrite = newest;
      flushed = nextFlush;
      newest = new HashMap<>();
      nextFlush = new CompletableFuture<>();
    }
    write
        .apply(toWrite.values())
        .whenComplete(
            (done, error) -> {
              if (error == null) {
                flushed.complete(null);
              } else {
                flushed.completeExceptionally(error);
              }
            });
  }

  /** Fails the pending flush, e.g. on close. */
  synchronized void abandon(Throwable reason) {
    nextFlush.completeExceptionally(reason);
  }
}
