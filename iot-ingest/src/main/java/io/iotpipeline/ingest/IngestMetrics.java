package io.iotpipeline.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latency histograms of one ingester. Writers update it from any thread; the ingester
 * calls {@link #tick} every metrics interval, which computes a {@link Snapshot} that readers (log
 * line, CLI progress, the HTTP API) get from {@link #latest}.
 */
public final class IngestMetrics {

  /**
   * The state at one tick. Rates and percentiles cover the interval since the previous tick; {@link
   * #endToEndPercentiles()} and {@link #batchPercentiles()} cover the whole run.
   *
   * @param records records polled (valid and rejected)
   * @param rows rows acknowledged by Cassandra
   * @param deadLetters records sent to the dead-letter topic
   * @param consumerLag records behind the end of the assigned partitions (-1: unknown)
   * @param writeRetries failed batch attempts that were retried
   * @param writesStalled true while some batch is waiting to be retried
   * @param e2eP50Millis Kafka record timestamp -> row acknowledged, median
   */
  public record Snapshot(
      Instant at,
      long records,
      long rows,
      long deadLetters,
      long batches,
      double recordsPerSecond,
      double rowsPerSecond,
      double batchP50Millis,
      double batchP99Millis,
      double e2eP50Millis,
      double e2eP99Millis,
      long consumerLag,
      long writeRetries,
      boolean writesStalled) {}

  private static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Clock clock;
  private final LongAdder records = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder deadLetters = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder writeRetries = new LongAdder();
  private final LongAdder stalledBatches = new LongAdder();
  private final Recorder batchLatency = new Recorder(MAX_TRACKED_MICROS, 2);
  private final Recorder endToEnd = new Recorder(MAX_TRACKED_MICROS, 2);
  private final Histogram endToEndTotal = new Histogram(MAX_TRACKED_MICROS, 2);
  private final Histogram batchLatencyTotal = new Histogram(MAX_TRACKED_MICROS, 2);
  private volatile long consumerLag = -1;
  private volatile int assignedPartitions;
  private volatile Snapshot latest;
  private Histogram batchInterval;
  private Histogram endToEndInterval;

  public IngestMetrics(Clock clock) {
    this.clock = clock;
    this.latest = new Snapshot(clock.instant(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, false);
  }

  void recordsPolled(int count) {
    records.add(count);
  }

  void deadLettered(int count) {
    deadLetters.add(count);
  }

  void batchWritten(int rowCount, long latencyNanos) {
    rows.add(rowCount);
    batches.increment();
    batchLatency.recordValue(clamp(TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
  }

  void batchRetried() {
    writeRetries.increment();
  }

  void batchStalled(boolean stalled) {
    if (stalled) {
      stalledBatches.increment();
    } else {
      stalledBatches.decrement();
    }
  }

  /** A row is readable now; it was produced to Kafka at {@code producedAtMillis}. */
  void rowStored(long producedAtMillis, long nowMillis) {
    if (producedAtMillis > 0) {
      endToEnd.recordValue(clamp(Math.max(0, nowMillis - producedAtMillis) * 1000));
    }
  }

  void consumerLag(long lag) {
    consumerLag = lag;
  }

  void assignedPartitions(int count) {
    assignedPartitions = count;
  }

  private final LongAdder partitionsLost = new LongAdder();

  void partitionsLost(int count) {
    partitionsLost.add(count);
  }

  /**
   * Partitions the group took away without a revocation (this instance's session expired, e.g.
   * while the broker hung): their records past the last commit are consumed again.
   */
  public long partitionsLost() {
    return partitionsLost.sum();
  }

  /** Partitions this instance owns now; 0 before it has joined the group. */
  public int assignedPartitions() {
    return assignedPartitions;
  }

  public long records() {
    return records.sum();
  }

  public long rows() {
    return rows.sum();
  }

  public long deadLetters() {
    return deadLetters.sum();
  }

  /** Write requests acknowledged (a batch or a lone row each). */
  public long batches() {
    return batches.sum();
  }

  public Snapshot latest() {
    return latest;
  }

  /** Closes the current interval and publishes its snapshot. */
  public synchronized Snapshot tick() {
    Snapshot previous = latest;
    Instant now = clock.instant();
    batchInterval = batchLatency.getIntervalHistogram(batchInterval);
    endToEndInterval = endToEnd.getIntervalHistogram(endToEndInterval);
    batchLatencyTotal.add(batchInterval);
    endToEndTotal.add(endToEndInterval);
    double seconds = Math.max(1e-3, Duration.between(previous.at(), now).toNanos() / 1e9);
    long recordCount = records.sum();
    long rowCount = rows.sum();
    Snapshot snapshot =
        new Snapshot(
            now,
            recordCount,
            rowCount,
            deadLetters.sum(),
            batches.sum(),
            (recordCount - previous.records()) / seconds,
            (rowCount - previous.rows()) / seconds,
            millis(batchInterval, 50),
            millis(batchInterval, 99),
            millis(endToEndInterval, 50),
            millis(endToEndInterval, 99),
            consumerLag,
            writeRetries.sum(),
            stalledBatches.sum() > 0);
    latest = snapshot;
    return snapshot;
  }

  /** Percentiles over the whole run so far, in ms: {p50, p99, max} of end-to-end latency. */
  public synchronized double[] endToEndPercentiles() {
    tick();
    return new double[] {
      millis(endToEndTotal, 50), millis(endToEndTotal, 99), endToEndTotal.getMaxValue() / 1000.0
    };
  }

  /** Starts the run-long end-to-end latency figures afresh, e.g. after a warm-up. */
  public synchronized void resetEndToEnd() {
    tick();
    endToEndTotal.reset();
  }

  /** {p50, p99} of batch latency over the whole run, in ms. */
  public synchronized double[] batchPercentiles() {
    tick();
    return new double[] {millis(batchLatencyTotal, 50), millis(batchLatencyTotal, 99)};
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  private static long clamp(long micros) {
    return Math.min(Math.max(micros, 0), MAX_TRACKED_MICROS);
  }
}
