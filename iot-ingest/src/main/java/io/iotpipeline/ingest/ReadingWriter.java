package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes readings to {@code sensor_data} (one row each), {@code sensor_latest} (with the event
 * time as write time, so a late reading never replaces a newer one) and, once per sensor and
 * process, {@code sensors}. Rows are grouped by partition (sensor, day) into UNLOGGED batches of at
 * most {@code batchRows} rows: one partition per batch is one mutation on one replica, about 4x
 * less server CPU per row than single inserts.
 *
 * <p>At most {@code maxInFlight} requests run at once; the rest wait in a queue, whose size the
 * caller bounds (the ingester keeps a few polls pending at most). A request that fails for a
 * passing reason is retried with exponential backoff, holding its slot, until it succeeds: while
 * Cassandra is down nothing new is sent and nothing is skipped. Thread-safe.
 */
public final class ReadingWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReadingWriter.class);
  private static final int MAX_BATCH_ROWS = 200; // 200 rows stay well under the 50 KiB batch limit

  private final CqlSession session;
  private final IngestOptions options;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final PreparedStatement insertReading;
  private final PreparedStatement insertLatest;
  private final PreparedStatement insertSensor;
  private final Semaphore inFlight;
  private final Queue<Request> waiting = new ConcurrentLinkedQueue<>();
  private final Set<Integer> knownSensors = ConcurrentHashMap.newKeySet();
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
    this.inFlight = new Semaphore(options.maxInFlight());
    this.insertReading = session.prepare("INSERT INTO " + keyspace + ".sensor_data "
        + "(sensor_id, day, timestamp, temperature, humidity, seq, site, ingested_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.insertLatest = session.prepare("INSERT INTO " + keyspace + ".sensor_latest "
        + "(sensor_id, timestamp, temperature, humidity, seq, site) VALUES (?, ?, ?, ?, ?, ?) "
        + "USING TIMESTAMP ?");
    // IF NOT EXISTS keeps the first sighting; it runs once per sensor per process, so the cost of
    // a lightweight transaction does not matter.
    this.insertSensor = session.prepare("INSERT INTO " + keyspace + ".sensors "
        + "(sensor_id, site, sensor_type, first_seen) VALUES (?, ?, 'env', ?) IF NOT EXISTS");
  }

  /**
   * Writes every reading. The future completes when Cassandra has acknowledged all of them, or
   * fails with {@link FatalIngestException} (or {@link CancellationException} on close).
   */
  public CompletableFuture<Void> write(List<IncomingReading> readings) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new CancellationException("writer closed"));
    }
    List<Request> requests = new ArrayList<>();
    Instant ingestedAt = clock.instant();
    for (List<IncomingReading> group : PartitionGroups.of(readings)) {
      addBatches(group, ingestedAt, requests);
    }
    CompletableFuture<?>[] done = new CompletableFuture<?>[requests.size()];
    for (int i = 0; i < done.length; i++) {
      done[i] = requests.get(i).done;
      waiting.add(requests.get(i));
    }
    dispatch();
    return CompletableFuture.allOf(done);
  }

  private void addBatches(List<IncomingReading> group, Instant ingestedAt, List<Request> requests) {
    SensorReading newest = group.get(0).reading();
    for (int start = 0; start < group.size(); start += options.batchRows()) {
      List<IncomingReading> slice = group.subList(start, Math.min(group.size(), start + options.batchRows()));
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      long[] producedAt = new long[slice.size()];
      for (int i = 0; i < slice.size(); i++) {
        SensorReading reading = slice.get(i).reading();
        producedAt[i] = slice.get(i).producedAtMillis();
        batch.addStatement(bindReading(reading, ingestedAt));
        if (reading.timestamp().isAfter(newest.timestamp())) {
          newest = reading;
        }
      }
      if (start + options.batchRows() >= group.size()) {
        batch.addStatement(bindLatest(newest));
      }
      requests.add(new Request(batch.setIdempotence(true).build(), producedAt));
    }
    if (knownSensors.add(newest.sensorId())) {
      requests.add(new Request(bindSensor(newest), new long[0]));
    }
  }

  private BoundStatement bindReading(SensorReading reading, Instant ingestedAt) {
    BoundStatementBuilder row = insertReading.boundStatementBuilder()
        .setInt(0, reading.sensorId())
        .setLocalDate(1, reading.day())
        .setInstant(2, reading.timestamp())
        .setFloat(3, (float) reading.temperature())
        .setFloat(4, (float) reading.humidity())
        .setInstant(7, ingestedAt);
    // Absent optional fields stay unset: a bound null would write a tombstone per row.
    if (reading.hasSequence()) {
      row.setLong(5, reading.sequence());
    }
    if (reading.site() != null) {
      row.setString(6, reading.site());
    }
    return row.build();
  }

  private BoundStatement bindLatest(SensorReading reading) {
    BoundStatementBuilder latest = insertLatest.boundStatementBuilder()
        .setInt(0, reading.sensorId())
        .setInstant(1, reading.timestamp())
        .setFloat(2, (float) reading.temperature())
        .setFloat(3, (float) reading.humidity())
        .setLong(6, TimeUnit.MILLISECONDS.toMicros(reading.timestamp().toEpochMilli()));
    if (reading.hasSequence()) {
      latest.setLong(4, reading.sequence());
    }
    if (reading.site() != null) {
      latest.setString(5, reading.site());
    }
    return latest.build();
  }

  private BoundStatement bindSensor(SensorReading reading) {
    BoundStatementBuilder sensor = insertSensor.boundStatementBuilder()
        .setInt(0, reading.sensorId())
        .setInstant(2, reading.timestamp());
    if (reading.site() != null) {
      sensor.setString(1, reading.site());
    }
    return sensor.setIdempotence(true).build();
  }

  private void dispatch() {
    while (!waiting.isEmpty() && inFlight.tryAcquire()) {
      Request request = waiting.poll();
      if (request == null) {
        inFlight.release();
      } else {
        execute(request);
      }
    }
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
    inFlight.release();
    dispatch();
  }

  /** Requests accepted but not yet finished, waiting or in flight. */
  int pendingRequests() {
    return waiting.size() + options.maxInFlight() - inFlight.availablePermits();
  }

  /** Fails whatever is still waiting; the session stays open (its owner closes it). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Request request;
      while ((request = waiting.poll()) != null) {
        request.done.completeExceptionally(new CancellationException("writer closed"));
      }
    }
  }

  private static final class Request {
    final Statement<?> statement;
    final long[] producedAt;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile int attempts;
    volatile boolean stalled;

    Request(Statement<?> statement, long[] producedAt) {
      this.statement = statement;
      this.producedAt = producedAt;
    }
  }
}
