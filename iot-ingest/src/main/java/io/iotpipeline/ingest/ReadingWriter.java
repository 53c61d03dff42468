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
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes readings to {@code sensor_data}, one row each, in as few requests as the partitions allow
 * (see {@link BatchPlanner}), sent with bounded concurrency and retried until acknowledged (see
 * {@link WriteLanes}). {@code sensor_latest} gets the newest reading per sensor once per {@link
 * #LATEST_FLUSH_INTERVAL} (see {@link LatestReadings}), written with the event time as write time,
 * so a late reading never replaces a newer one; {@code sensors} gets each sensor once per process
 * (see {@link SensorRegistry}). Thread-safe.
 */
public final class ReadingWriter implements AutoCloseable {

  /**
   * Bounds one request's size and latency. A one-partition batch is a single mutation, which
   * Cassandra exempts from its batch size warn/fail thresholds (CASSANDRA-10876).
   */
  private static final int MAX_BATCH_ROWS = 200;

  /** How stale sensor_latest may be; also how long a commit may wait for it. */
  static final Duration LATEST_FLUSH_INTERVAL = Duration.ofSeconds(1);

  private final Clock clock;
  private final BatchPlanner planner;
  private final WriteLanes lanes;
  private final RowBinder binder;
  private final SensorRegistry sensors;
  private final LatestReadings latest;
  private final ScheduledFuture<?> latestFlusher;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ReadingWriter(
      BatchPlanner planner,
      WriteLanes lanes,
      RowBinder binder,
      SensorRegistry sensors,
      Clock clock,
      ScheduledExecutorService scheduler) {
    this.clock = clock;
    this.planner = planner;
    this.lanes = lanes;
    this.binder = binder;
    this.sensors = sensors;
    this.latest = new LatestReadings(this::writeLatest);
    this.latestFlusher =
        scheduler.scheduleWithFixedDelay(
            latest::flush,
            LATEST_FLUSH_INTERVAL.toMillis(),
            LATEST_FLUSH_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /**
   * Prepares the statements against {@code keyspace} and schedules the {@code sensor_latest} flush;
   * the caller keeps owning the session and the scheduler.
   */
  public static ReadingWriter create(
      CqlSession session,
      String keyspace,
      IngestOptions options,
      IngestMetrics metrics,
      Clock clock,
      ScheduledExecutorService scheduler) {
    if (options.batchRows() > MAX_BATCH_ROWS) {
      throw new FatalIngestException(
          "batch rows must be <= "
              + MAX_BATCH_ROWS
              + " (Cassandra "
              + "rejects batches over 50 KiB), got "
              + options.batchRows());
    }
    RowBinder binder = new RowBinder(session, keyspace);
    SensorRegistry sensors = new SensorRegistry(session, keyspace);
    return new ReadingWriter(
        new BatchPlanner(options.batchRows()),
        new WriteLanes(session, options, metrics, clock, scheduler),
        binder,
        sensors,
        clock,
        scheduler);
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
   * @param all the rows and the {@code sensor_latest} flush that covers them are acknowledged
   */
  public record Written(CompletableFuture<Void> rows, CompletableFuture<Void> all) {}

  /**
   * Like {@link #write}, but tells apart the rows (for back-pressure) from the whole (for commits).
   */
  public Written writeTracked(List<IncomingReading> readings) {
    if (closed.get()) {
      CompletableFuture<Void> cancelled =
          CompletableFuture.failedFuture(new CancellationException("writer closed"));
      return new Written(cancelled, cancelled);
    }
    ByteBuffer ingestedAt = binder.timestamp(clock.instant());
    BatchPlanner.Plan<BoundRow> plan =
        planner.plan(
            readings,
            incoming ->
                new BoundRow(
                    binder.reading(incoming.reading(), ingestedAt), incoming.producedAtMillis()),
            row -> binder.replicas(row.statement()));
    CompletableFuture<Void> latestFlushed = null;
    for (SensorReading newest : plan.newest()) {
      latestFlushed = latest.offer(newest);
      sensors.seen(newest);
    }
    List<CompletableFuture<Void>> done = new ArrayList<>(plan.batches().size());
    for (List<BoundRow> batch : plan.batches()) {
      long[] producedAt = new long[batch.size()];
      List<BoundStatement> statements = new ArrayList<>(batch.size());
      for (int i = 0; i < producedAt.length; i++) {
        producedAt[i] = batch.get(i).producedAtMillis();
        statements.add(batch.get(i).statement());
      }
      done.add(lanes.enqueueRows(request(statements), producedAt));
    }
    lanes.dispatch();
    CompletableFuture<Void> rows =
        CompletableFuture.allOf(done.toArray(CompletableFuture<?>[]::new));
    return new Written(
        rows, latestFlushed == null ? rows : CompletableFuture.allOf(rows, latestFlushed));
  }

  /** A bound {@code sensor_data} insert and when its reading was produced to Kafka. */
  private record BoundRow(BoundStatement statement, long producedAtMillis) {}

  /** One flush of {@link LatestReadings}: a row per sensor, packed by replicas like lone rows. */
  private CompletableFuture<Void> writeLatest(Collection<SensorReading> readings) {
    List<BoundStatement> rows = new ArrayList<>(readings.size());
    for (SensorReading reading : readings) {
      rows.add(binder.latest(reading));
    }
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (List<BoundStatement> batch : planner.pack(rows, binder::replicas)) {
      done.add(lanes.enqueueLatest(request(batch)));
    }
    lanes.dispatch();
    return CompletableFuture.allOf(done.toArray(CompletableFuture<?>[]::new));
  }

  private Statement<?> request(List<BoundStatement> rows) {
    // A lone row goes as a plain statement: a batch of one only adds overhead.
    return rows.size() == 1
        ? rows.get(0)
        : binder
            .unloggedBatch()
            .addStatements(new ArrayList<BatchableStatement<?>>(rows))
            .setRoutingKey(rows.get(0).getRoutingKey())
            .setIdempotence(true)
            .build();
  }

  /** Fails whatever is still waiting; the session stays open (its owner closes it). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      // The lanes first: from here on nothing more is sent.
      lanes.close();
      latestFlusher.cancel(false);
      sensors.close();
      latest.abandon(new CancellationException("writer closed"));
    }
  }
}
