package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the requests of {@link ReadingWriter}: at most {@code maxInFlight} {@code sensor_data}
 * requests (plus {@value #LATEST_IN_FLIGHT} for {@code sensor_latest}) run at once; the rest wait
 * in a queue, whose size the caller bounds (the ingester keeps a few polls in hand at most). A
 * request that fails for a passing reason is retried with exponential backoff, holding its slot,
 * until it succeeds: while Cassandra is down nothing new is sent and nothing is skipped. A
 * request's future completes only when Cassandra acknowledged it; after {@link #close} whatever
 * waits or would be retried fails with {@link CancellationException}. Thread-safe.
 */
final class WriteLanes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WriteLanes.class);
  private static final int LATEST_IN_FLIGHT = 4;
  private static final long[] NOT_SENSOR_DATA = new long[0];

  private final CqlSession session;
  private final IngestOptions options;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  /** sensor_data rows: maxInFlight requests at once. */
  private final Lane rowsLane;

  /**
   * sensor_latest flushes: a lane of their own, so a flush (up to 100 requests at once for 1000
   * sensors) never queues ahead of fresh rows, and rows never starve a flush.
   */
  private final Lane latestLane = new Lane(LATEST_IN_FLIGHT);

  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(5));
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger stalledRequests = new AtomicInteger();
  private volatile long stalledSinceNanos;

  /** The caller keeps owning the session and the scheduler (retries are scheduled on it). */
  WriteLanes(
      CqlSession session,
      IngestOptions options,
      IngestMetrics metrics,
      Clock clock,
      ScheduledExecutorService scheduler) {
    this.session = session;
    this.options = options;
    this.metrics = metrics;
    this.clock = clock;
    this.scheduler = scheduler;
    this.rowsLane = new Lane(options.maxInFlight());
  }

  /**
   * Queues {@code sensor_data} rows; {@link #dispatch} sends them.
   *
   * @param producedAtMillis when each row's reading was produced to Kafka (for metrics)
   */
  CompletableFuture<Void> enqueueRows(Statement<?> statement, long[] producedAtMillis) {
    return enqueue(new Request(statement, producedAtMillis, rowsLane));
  }

  /** Queues {@code sensor_latest} rows, which are not counted as stored readings. */
  CompletableFuture<Void> enqueueLatest(Statement<?> statement) {
    return enqueue(new Request(statement, NOT_SENSOR_DATA, latestLane));
  }

  private CompletableFuture<Void> enqueue(Request request) {
    request.lane.waiting.add(request);
    return request.done;
  }

  /** Sends waiting requests while slots are free; call after enqueueing. */
  void dispatch() {
    rowsLane.dispatch();
    latestLane.dispatch();
  }

  private void execute(Request request) {
    // Also reached by requests queued or scheduled for retry before close: they fail, unsent.
    if (closed.get()) {
      finish(request);
      request.done.completeExceptionally(new CancellationException("writer closed"));
      return;
    }
    long began = System.nanoTime();
    session
        .executeAsync(request.statement)
        .whenComplete(
            (result, error) -> {
              if (error == null) {
                succeeded(request, System.nanoTime() - began);
              } else if (CassandraErrors.isRetriable(error) && !closed.get()) {
                retryLater(request, error);
              } else {
                finish(request);
                request.done.completeExceptionally(
                    closed.get()
                        ? new CancellationException("writer closed")
                        : new FatalIngestException(
                            "Cassandra rejected a write: "
                                + CassandraErrors.unwrap(error).getMessage(),
                            CassandraErrors.unwrap(error)));
              }
            });
  }

  private void succeeded(Request request, long latencyNanos) {
    if (request.lane == rowsLane) {
      metrics.batchWritten(request.producedAt.length, latencyNanos);
      long now = clock.millis();
      for (long producedAt : request.producedAt) {
        metrics.rowStored(producedAt, now);
      }
    }
    finish(request);
    request.done.complete(null);
  }

  /** Keeps the slot: once every slot holds a retrying request, nothing new is sent. */
  private void retryLater(Request request, Throwable error) {
    if (!request.stalled) {
      request.stalled = true;
      metrics.batchStalled(true);
      if (stalledRequests.getAndIncrement() == 0) {
        stalledSinceNanos = System.nanoTime();
      }
    }
    metrics.batchRetried();
    long delay =
        Backoff.delayMillis(options.retryBackoff(), options.maxRetryBackoff(), request.attempts);
    request.attempts++;
    warnings.warn(
        "Cassandra write failed ({}); retrying in {} ms, consumption paused until it succeeds",
        CassandraErrors.unwrap(error).toString(),
        delay);
    try {
      scheduler.schedule(() -> execute(request), delay, TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      // A scheduler rejects work only once shut down, i.e. while its owner is closing.
      finish(request);
      request.done.completeExceptionally(new CancellationException("writer closed"));
    }
  }

  /** Frees the slot and starts the next waiting request. */
  private void finish(Request request) {
    if (request.stalled) {
      request.stalled = false;
      metrics.batchStalled(false);
      if (stalledRequests.decrementAndGet() == 0) {
        log.info(
            "Cassandra writes flowing again after {} ms of retries",
            (System.nanoTime() - stalledSinceNanos) / 1_000_000);
      }
    }
    request.lane.slots.release();
    dispatch();
  }

  /**
   * Fails whatever is waiting; requests in flight finish, and a retriable failure among them fails
   * rather than retries. The session stays open (its owner closes it).
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      for (Lane lane : List.of(rowsLane, latestLane)) {
        Request request;
        while ((request = lane.waiting.poll()) != null) {
          request.done.completeExceptionally(new CancellationException("writer closed"));
        }
      }
    }
  }

  private static final class Request {
    final Statement<?> statement;
    final long[] producedAt;
    final Lane lane;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile int attempts;
    volatile boolean stalled;

    Request(Statement<?> statement, long[] producedAt, Lane lane) {
      this.statement = statement;
      this.producedAt = producedAt;
      this.lane = lane;
    }
  }

  /** A queue of requests and the number of them allowed in flight. */
  private final class Lane {
    final Queue<Request> waiting = new ConcurrentLinkedQueue<>();
    final Semaphore slots;

    Lane(int maxInFlight) {
      this.slots = new Semaphore(maxInFlight);
    }

    void dispatch() {
      while (!waiting.isEmpty() && slots.tryAcquire()) {
        Request request = waiting.poll();
        if (request == null) {
          slots.release();
        } else {
          execute(request);
        }
      }
    }
  }
}
