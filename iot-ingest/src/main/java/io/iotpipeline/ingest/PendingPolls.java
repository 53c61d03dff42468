package io.iotpipeline.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * Polls whose rows are being written, oldest first, with the offsets each one lets us commit. Only
 * a completed prefix is ever released, so a committed offset never passes an unwritten record even
 * when later polls finish first. Used by the poll thread only.
 */
final class PendingPolls {

  /**
   * @param written the poll's rows are acknowledged (what back-pressure waits for)
   * @param done everything the poll caused is acknowledged, rows, dead letters and the coalesced
   *     sensor_latest flush (what a commit waits for)
   */
  private record Pending(
      Map<TopicPartition, Long> nextOffsets,
      CompletableFuture<Void> written,
      CompletableFuture<Void> done) {}

  private final Deque<Pending> queue = new ArrayDeque<>();

  void add(
      Map<TopicPartition, Long> nextOffsets,
      CompletableFuture<Void> written,
      CompletableFuture<Void> done) {
    queue.addLast(new Pending(new HashMap<>(nextOffsets), written, done));
  }

  /** Polls whose rows are still being written: the measure of work in hand. */
  int writing() {
    int writing = 0;
    for (Pending pending : queue) {
      if (!pending.written().isDone()) {
        writing++;
      }
    }
    return writing;
  }

  int size() {
    return queue.size();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /**
   * Removes the completed polls at the head and returns the next offsets they make committable.
   *
   * @throws FatalIngestException if a completed poll failed (its records are not committed)
   */
  Map<TopicPartition, Long> takeCompleted() {
    Map<TopicPartition, Long> committable = new HashMap<>();
    while (!queue.isEmpty() && queue.peekFirst().done().isDone()) {
      Pending head = queue.peekFirst();
      if (head.done().isCompletedExceptionally()) {
        throw failure(head.done());
      }
      queue.removeFirst();
      head.nextOffsets()
          .forEach((partition, offset) -> committable.merge(partition, offset, Math::max));
    }
    return committable;
  }

  /** Waits up to {@code timeout} for the oldest poll still writing rows; true if none is left. */
  boolean awaitOldestWrite(Duration timeout) {
    for (Pending pending : queue) {
      if (!pending.written().isDone()) {
        return await(pending.written(), timeout);
      }
    }
    return true;
  }

  /** Waits up to {@code timeout} for every pending poll; true if all are done. */
  boolean awaitAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Pending pending : queue) {
      long left = deadline - System.nanoTime();
      if (!await(pending.done(), Duration.ofNanos(Math.max(0, left)))) {
        return false;
      }
    }
    return true;
  }

  /** Partitions this instance no longer owns: their offsets are the new owner's business. */
  void forget(Collection<TopicPartition> partitions) {
    for (Pending pending : queue) {
      pending.nextOffsets().keySet().removeAll(partitions);
    }
  }

  private static boolean await(CompletableFuture<Void> future, Duration timeout) {
    try {
      future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException | CancellationException e) {
      return true; // done, failed: takeCompleted reports it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static RuntimeException failure(CompletableFuture<Void> done) {
    try {
      done.join();
      return new IllegalStateException("poll marked failed without an error");
    } catch (CancellationException e) {
      return new FatalIngestException("writes cancelled (the ingester is closing)", e);
    } catch (RuntimeException e) {
      Throwable cause = CassandraErrors.unwrap(e);
      return cause instanceof FatalIngestException fatal
          ? fatal
          : new FatalIngestException("write failed: " + cause, cause);
    }
  }
}
