package io.iotpipeline.analytics;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.iotpipeline.model.Tables;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every micro-batch of the streaming queries in {@code stream_progress} and the log: rows
 * read, throughput, and the rows the stream could not use. Late rows are Spark's own count of rows
 * its windowed aggregation dropped because they were older than the watermark ({@code
 * numRowsDroppedByWatermark}): they are reported, not silently lost.
 */
final class ProgressRecorder extends StreamingQueryListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProgressRecorder.class);

  private final CqlSession session;
  private final PreparedStatement insert;
  private final Clock clock;

  /** Undecodable records per batch of the alerts query, reported by its foreachBatch. */
  private final Map<Long, Long> invalidByBatch = new ConcurrentHashMap<>();

  private final AtomicLong lateRows = new AtomicLong();
  private final AtomicLong invalidRows = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private volatile boolean closed;

  ProgressRecorder(SparkSession spark, String keyspace, Clock clock) {
    // The connector's own (shaded-dependency) driver session: no second driver on the classpath.
    this.session = CassandraConnector.apply(spark.sparkContext().getConf()).openSession();
    this.insert =
        session.prepare(
            "INSERT INTO "
                + Tables.STREAM_PROGRESS.in(keyspace)
                + " (query, batch_id,"
                + " recorded_at, input_rows, processed_rows_per_second, late_rows, invalid_rows, watermark,"
                + " duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.clock = clock;
  }

  void invalidRecords(long batchId, long count) {
    invalidByBatch.put(batchId, count);
    invalidRows.addAndGet(count);
  }

  long lateRows() {
    return lateRows.get();
  }

  long invalidRows() {
    return invalidRows.get();
  }

  long batches() {
    return batches.get();
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    log.info("Streaming query {} started (run {})", event.name(), event.runId());
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    long late = 0;
    for (StateOperatorProgress operator : progress.stateOperators()) {
      late += operator.numRowsDroppedByWatermark();
    }
    lateRows.addAndGet(late);
    batches.incrementAndGet();
    Long invalid =
        StreamingJob.ALERTS.equals(progress.name())
            ? invalidByBatch.remove(progress.batchId())
            : null;
    String watermarkText = progress.eventTime().get("watermark");
    Instant watermark = watermarkText == null ? null : Instant.parse(watermarkText);
    Long duration = progress.durationMs().get("triggerExecution");
    if (progress.numInputRows() > 0 || late > 0) {
      log.info(
          "{} batch {}: {} rows, {} rows/s, {} ms, late {}, invalid {}, watermark {}",
          progress.name(),
          progress.batchId(),
          progress.numInputRows(),
          Math.round(progress.processedRowsPerSecond()),
          duration,
          late,
          invalid == null ? "-" : invalid,
          watermarkText);
    }
    if (late > 0) {
      log.warn(
          "{} batch {}: {} readings arrived later than the watermark and were not aggregated",
          progress.name(),
          progress.batchId(),
          late);
    }
    if (closed) {
      return;
    }
    try {
      session.execute(
          insert.bind(
              progress.name(),
              progress.batchId(),
              clock.instant(),
              progress.numInputRows(),
              progress.processedRowsPerSecond(),
              late,
              invalid == null ? 0L : invalid,
              watermark,
              duration == null ? null : duration.longValue()));
    } catch (RuntimeException e) {
      // Progress rows are diagnostics: losing one must not stop the stream.
      log.warn(
          "Could not record progress of {} batch {}: {}",
          progress.name(),
          progress.batchId(),
          e.getMessage());
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.exception().isDefined()) {
      log.error("Streaming query {} failed: {}", event.id(), event.exception().get());
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      session.close();
    }
  }
}
