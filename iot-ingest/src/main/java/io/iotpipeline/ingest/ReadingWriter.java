package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorReading;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes readings to {@code sensor_data}, one row each, grouped by partition (sensor, day) into
 * UNLOGGED batches of at most {@code batchRows} rows: one partition per batch is one mutation on
 * one replica, about 4x less server CPU per row than single inserts. Partitions with a single row
 * in this write (the norm at low rates: 10k readings/s over 1000 sensors is one reading per sensor
 * per poll) are packed, up to ten partitions per batch, with others that live on the same replicas,
 * so the coordinator applies them locally: ten times fewer requests. {@code sensor_latest} gets
 * the newest reading per sensor once per {@link #LATEST_FLUSH_INTERVAL} (see {@link LatestReadings}),
 * written with the event time as write time, so a late reading never replaces a newer one;
 * {@code sensors} gets each sensor once per process (see {@link SensorRegistry}).
 *
 * <p>At most {@code maxInFlight} row requests (plus 4 for sensor_latest) run at once; the rest wait
 * in a queue, whose size the
 * caller bounds (the ingester keeps a few polls in hand at most). A request that fails for a
 * passing reason is retried with exponential backoff, holding its slot, until it succeeds: while
 * Cassandra is down nothing new is sent and nothing is skipped. Thread-safe.
 */
public final class ReadingWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReadingWriter.class);
  /**
   * Bounds one request's size and latency. A one-partition batch is a single mutation, which
   * Cassandra exempts from its batch size warn/fail thresholds (CASSANDRA-10876).
   */
  private static final int MAX_BATCH_ROWS = 200;
  /** How stale sensor_latest may be; also how long a commit may wait for it. */
  static final Duration LATEST_FLUSH_INTERVAL = Duration.ofSeconds(1);
  /**
   * Lone rows of different partitions share a batch only up to Cassandra's warning threshold for
   * unlogged batches across partitions ({@code unlogged_batch_across_partitions_warn_threshold}).
   */
  private static final int MAX_PARTITIONS_PER_BATCH = 10;
  private static final long[] NOT_SENSOR_DATA = new long[0];
  private static final int LATEST_IN_FLIGHT = 4;

  private final CqlSession session;
  private final IngestOptions options;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RowBinder binder;
  private final SensorRegistry sensors;
  private final LatestReadings latest;
  private final ScheduledFuture<?> latestFlusher;
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

  /** Prepares the statements against {@code keyspace}; the caller keeps owning the session. */
  public ReadingWriter(CqlSession session, String keyspace, IngestOptions options,
      IngestMetrics metrics, Clock clock, ScheduledExecutorService scheduler) {
    if (options.batchRows() > MAX_BATCH_ROWS) {
      throw new FatalIngestException("batch rows must be <= " + MAX_BATCH_ROWS + " (Cassandra "
          + "rejects batches over 50 KiB), got " + options.batchRows());
    }
    this.session = session;
    this.options = options;
    this.metrics = metrics;
    this.clock = clock;
    this.scheduler = scheduler;
    this.rowsLane = new Lane(options.maxInFlight());
    this.binder = new RowBinder(session, keyspace);
    this.sensors = new SensorRegistry(session, keyspace);
    this.latest = new LatestReadings(this::writeLatest);
    this.latestFlusher = scheduler.scheduleWithFixedDelay(latest::flush,
        LATEST_FLUSH_INTERVAL.toMillis(), LATEST_FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Writes every reading. The future completes when Cassandra has acknowledged all of them, or
   * fails with {@link FatalIngestException} (or {@link CancellationException} on close).
   */
  public CompletableFuture<Void> write(List<IncomingReading> readings) {
    return writeTracked(readings).all();
  }

  /**
   * What one {@link #write} started.
   *
   * @param rows the {@code sensor_data} rows are acknowledged
   * @param all  the rows and the {@code sensor_latest} flush that covers them are acknowledged
   */
  public record Written(CompletableFuture<Void> rows, CompletableFuture<Void> all) {}

  /** Like {@link #write}, but tells apart the rows (for back-pressure) from the whole (for commits). */
  public Written writeTracked(List<IncomingReading> readings) {
    if (closed.get()) {
      CompletableFuture<Void> cancelled = CompletableFuture.failedFuture(new CancellationException("writer closed"));
      return new Written(cancelled, cancelled);
    }
    List<CompletableFuture<Void>> done = new ArrayList<>();
    ByteBuffer ingestedAt = binder.timestamp(clock.instant());
    CompletableFuture<Void> latestFlushed = null;
    Map<Object, List<BoundRow>> loneRowsByReplicas = new HashMap<>();
    for (List<IncomingReading> group : PartitionGroups.of(readings)) {
      SensorReading newest;
      if (group.size() == 1) {
        newest = group.get(0).reading();
        BoundRow row = new BoundRow(binder.reading(newest, ingestedAt), group.get(0).producedAtMillis());
        loneRowsByReplicas.computeIfAbsent(binder.replicas(row.statement()), k -> new ArrayList<>()).add(row);
      } else {
        newest = addBatches(group, ingestedAt, done);
      }
      latestFlushed = latest.offer(newest);
      sensors.seen(newest);
    }
    for (List<BoundRow> loneRows : loneRowsByReplicas.values()) {
      for (int start = 0; start < loneRows.size(); start += MAX_PARTITIONS_PER_BATCH) {
        done.add(enqueueBatch(loneRows.subList(start,
            Math.min(loneRows.size(), start + MAX_PARTITIONS_PER_BATCH)), true));
      }
    }
    dispatch();
    CompletableFuture<Void> rows = CompletableFuture.allOf(done.toArray(CompletableFuture<?>[]::new));
    return new Written(rows, latestFlushed == null ? rows : CompletableFuture.allOf(rows, latestFlushed));
  }

  /** Queues the group's rows in batches of at most batchRows; returns its newest reading. */
  private SensorReading addBatches(List<IncomingReading> group, ByteBuffer ingestedAt,
      List<CompletableFuture<Void>> done) {
    SensorReading newest = group.get(0).reading();
    for (IncomingReading incoming : group) {
      if (incoming.reading().timestamp().isAfter(newest.timestamp())) {
        newest = incoming.reading();
      }
    }
    for (int start = 0; start < group.size(); start += options.batchRows()) {
      List<IncomingReading> slice = group.subList(start, Math.min(group.size(), start + options.batchRows()));
      List<BoundRow> rows = new ArrayList<>(slice.size());
      for (IncomingReading incoming : slice) {
        rows.add(new BoundRow(binder.reading(incoming.reading(), ingestedAt), incoming.producedAtMillis()));
      }
      done.add(enqueueBatch(rows, true));
    }
    return newest;
  }

  /** A bound insert and, for {@code sensor_data}, when its reading was produced to Kafka. */
  private record BoundRow(BoundStatement statement, long producedAtMillis) {}

  /** @param sensorData rows of sensor_data (counted as stored rows), else sensor_latest rows */
  private CompletableFuture<Void> enqueueBatch(List<BoundRow> rows, boolean sensorData) {
    long[] producedAt = sensorData ? new long[rows.size()] : NOT_SENSOR_DATA;
    for (int i = 0; sensorData && i < producedAt.length; i++) {
      producedAt[i] = rows.get(i).producedAtMillis();
    }
    // A lone row goes as a plain statement: a batch of one only adds overhead.
    Statement<?> statement = rows.size() == 1 ? rows.get(0).statement()
        : binder.unloggedBatch()
            .addStatements(rows.stream().<BatchableStatement<?>>map(BoundRow::statement).toList())
            .setRoutingKey(rows.get(0).statement().getRoutingKey())
            .setIdempotence(true).build();
    Request request = new Request(statement, producedAt, sensorData ? rowsLane : latestLane);
    request.lane.waiting.add(request);
    return request.done;
  }

  /** One flush of {@link LatestReadings}: a row per sensor, packed by replicas like lone rows. */
  private CompletableFuture<Void> writeLatest(Collection<SensorReading> readings) {
    Map<Object, List<BoundRow>> byReplicas = new HashMap<>();
    for (SensorReading reading : readings) {
      BoundRow row = new BoundRow(binder.latest(reading), 0);
      byReplicas.computeIfAbsent(binder.replicas(row.statement()), k -> new ArrayList<>()).add(row);
    }
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (List<BoundRow> rows : byReplicas.values()) {
      for (int start = 0; start < rows.size(); start += MAX_PARTITIONS_PER_BATCH) {
        done.add(enqueueBatch(rows.subList(start, Math.min(rows.size(), start + MAX_PARTITIONS_PER_BATCH)),
            false));
      }
    }
    dispatch();
    return CompletableFuture.allOf(done.toArray(CompletableFuture<?>[]::new));
  }

  private void dispatch() {
    rowsLane.dispatch();
    latestLane.dispatch();
  }

  private void execute(Request request) {
    if (closed.get()) {
      finish(request);
      request.done.completeExceptionally(new CancellationException("writer closed"));
      return;
    }
    long began = System.nanoTime();
    session.executeAsync(request.statement).whenComplete((result, error) -> {
      if (error == null) {
        succeeded(request, System.nanoTime() - began);
      } else if (CassandraErrors.isRetriable(error) && !closed.get()) {
        retryLater(request, error);
      } else {
        finish(request);
        request.done.completeExceptionally(closed.get()
            ? new CancellationException("writer closed")
            : new FatalIngestException("Cassandra rejected a write: "
                + CassandraErrors.unwrap(error).getMessage(), CassandraErrors.unwrap(error)));
      }
    });
  }

  private void succeeded(Request request, long latencyNanos) {
    if (request.producedAt.length > 0) {
      metrics.batchWritten(request.producedAt.length, latencyNanos);
      long now = clock.millis();
      for (long producedAt : request.producedAt) {
        metrics.rowStored(producedAt, now);
      }
    }
    finish(request);
    request.done.complete(null);
  }

  private void retryLater(Request request, Throwable error) {
    if (!request.stalled) {
      request.stalled = true;
      metrics.batchStalled(true);
      if (stalledRequests.getAndIncrement() == 0) {
        stalledSinceNanos = System.nanoTime();
      }
    }
    metrics.batchRetried();
    long delay = Backoff.delayMillis(options.retryBackoff(), options.maxRetryBackoff(), request.attempts);
    request.attempts++;
    warnings.warn("Cassandra write failed ({}); retrying in {} ms, consumption paused until it succeeds",
        CassandraErrors.unwrap(error).toString(), delay);
    try {
      scheduler.schedule(() -> execute(request), delay, TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
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
        log.info("Cassandra writes flowing again after {} ms of retries",
            (System.nanoTime() - stalledSinceNanos) / 1_000_000);
      }
    }
    request.lane.slots.release();
    dispatch();
  }

  /** Fails whatever is still waiting; the session stays open (its owner closes it). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      latestFlusher.cancel(false);
      sensors.close();
      latest.abandon(new CancellationException("writer closed"));
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
