package io.iotpipeline.bench.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the streaming benchmark reports for one streaming query, computed from the query's
 * micro-batches as the job records them in {@code stream_progress}. Pure: tests feed it batches.
 *
 * <p><b>Lag</b> is the age of the newest reading whose results the query has written: wall clock
 * minus that reading's event time. The load makes it computable for any query: the topic is fresh,
 * the query reads it from the start, and the measured fleet stamps its k-th reading with event time
 * {@code start + k / rate} (the simulator's timing rule, paced so that event time is the wall
 * clock). So after a query has read R rows in all, its newest reading is {@link
 * Load#newestEvent(long)} of R. Just before batch N lands, the query's written results reach only
 * as far as the rows of batches before N: {@code recordedAt(N) - newestEvent(rows before N)} is the
 * peak of the saw-tooth; lag at the end of the measurement counts a batch still running. For the
 * minute aggregates this equals Spark's own view: the batch's watermark plus the watermark delay is
 * the newest event time of the batches before it.
 *
 * @param batches batches recorded in the measured window
 * @param rowsPerSecond rows the query read in the window / window length: sustained throughput
 * @param triggerP50Millis median trigger execution time of the window's batches that read rows
 * @param triggerP99Millis 99th percentile of the same
 * @param lagMaxSeconds worst lag in the window (the highest peak, or the lag at its end)
 * @param lagP50Seconds median of the peaks
 * @param lagEndSeconds lag when the measurement ended
 */
record StreamFigures(
    int batches,
    double rowsPerSecond,
    long triggerP50Millis,
    long triggerP99Millis,
    double lagMaxSeconds,
    double lagP50Seconds,
    double lagEndSeconds) {

  /** One micro-batch of a query, as recorded when Spark reported its progress. */
  record Batch(long id, Instant recordedAt, long inputRows, long durationMillis) {}

  /**
   * The measured load on the topic.
   *
   * @param start event time of the measured fleet's first reading
   * @param warmUpRows readings sent before it (the warm-up that absorbs the job's cold start)
   * @param perSecond readings per second of event time
   */
  record Load(Instant start, long warmUpRows, double perSecond) {
    /** Event time of the newest reading among the first {@code rowsRead} of the topic. */
    Instant newestEvent(long rowsRead) {
      long measured = Math.max(0, rowsRead - warmUpRows);
      return start.plusNanos(Math.round(measured / perSecond * 1e9));
    }
  }

  /**
   * @param batches every recorded batch of the query, any order
   * @param from start of the measurement (the measured fleet's first reading)
   * @param to end of the measurement
   */
  static StreamFigures of(List<Batch> batches, Load load, Instant from, Instant to) {
    List<Batch> ordered = batches.stream().sorted(Comparator.comparingLong(Batch::id)).toList();
    List<Batch> window = new ArrayList<>();
    List<Double> peaks = new ArrayList<>();
    long readBefore = 0;
    for (Batch batch : ordered) {
      if (batch.recordedAt().isAfter(to)) {
        break;
      }
      if (batch.recordedAt().isAfter(from)) {
        window.add(batch);
        peaks.add(seconds(load.newestEvent(readBefore), batch.recordedAt()));
      }
      readBefore += batch.inputRows();
    }
    double lagEnd = seconds(load.newestEvent(readBefore), to);
    long read = window.stream().mapToLong(Batch::inputRows).sum();
    double elapsed =
        window.isEmpty() ? 0 : seconds(from, window.get(window.size() - 1).recordedAt());
    long[] triggers =
        window.stream()
            .filter(b -> b.inputRows() > 0)
            .mapToLong(Batch::durationMillis)
            .sorted()
            .toArray();
    double[] sortedPeaks = peaks.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double lagMax =
        Math.max(lagEnd, sortedPeaks.length == 0 ? 0 : sortedPeaks[sortedPeaks.length - 1]);
    double lagP50 = sortedPeaks.length == 0 ? lagEnd : sortedPeaks[(sortedPeaks.length - 1) / 2];
    return new StreamFigures(
        window.size(),
        elapsed > 0 ? read / elapsed : 0,
        percentile(triggers, 50),
        percentile(triggers, 99),
        lagMax,
        lagP50,
        lagEnd);
  }

  /** Nearest rank; 0 for no values. */
  static long percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
