package io.iotpipeline.analytics.sql;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkStatusTracker;

/**
 * A progress line on stderr while a statement runs: its elapsed time and the tasks of Spark's
 * active stages, from Spark's status tracker. Shown only once a statement has run a second (quick
 * ones print nothing). On a terminal the line is rewritten in place and erased at the end;
 * otherwise (a log file, a pipe) a plain line is printed every 10 s.
 */
public final class SparkProgress implements AutoCloseable {

  private static final long SHOW_AFTER_MS = 1_000;
  private static final long PLAIN_EVERY_MS = 10_000;
  private static final String ERASE_LINE = "\r\033[2K";

  private final JavaSparkStatusTracker tracker;
  private final PrintStream err;
  private final boolean terminal;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "sql-progress");
            thread.setDaemon(true);
            return thread;
          });

  /** Guarded by this: the statement being shown, or none. */
  private ScheduledFuture<?> current;

  private boolean shown;

  public SparkProgress(JavaSparkStatusTracker tracker, PrintStream err, boolean terminal) {
    this.tracker = tracker;
    this.err = err;
    this.terminal = terminal;
  }

  /** Starts showing the progress of one statement; {@link #stop()} ends it. */
  public synchronized void start() {
    stop();
    long began = System.nanoTime();
    long[] lastPlain = {0};
    current =
        ticker.scheduleAtFixedRate(
            () -> tick(began, lastPlain), SHOW_AFTER_MS, 250, TimeUnit.MILLISECONDS);
  }

  private synchronized void tick(long began, long[] lastPlain) {
    long elapsedMs = (System.nanoTime() - began) / 1_000_000;
    String line = line(elapsedMs);
    if (terminal) {
      err.print(ERASE_LINE + line);
      shown = true;
    } else if (elapsedMs - lastPlain[0] >= PLAIN_EVERY_MS || lastPlain[0] == 0) {
      err.println(line);
      lastPlain[0] = elapsedMs;
    }
    err.flush();
  }

  private String line(long elapsedMs) {
    int stages = 0;
    int done = 0;
    int total = 0;
    for (int id : tracker.getActiveStageIds()) {
      SparkStageInfo stage = tracker.getStageInfo(id);
      if (stage != null) {
        stages++;
        done += stage.numCompletedTasks();
        total += stage.numTasks();
      }
    }
    String work =
        stages == 0
            ? "planning or reading metadata"
            : String.format(
                Locale.ROOT,
                "%d stage%s, %d/%d tasks",
                stages,
                stages == 1 ? "" : "s",
                done,
                total);
    return String.format(Locale.ROOT, "spark: running %.0f s, %s", elapsedMs / 1000.0, work);
  }

  /** Ends the progress of the statement; its line is erased on a terminal. */
  public synchronized void stop() {
    if (current != null) {
      current.cancel(false);
      current = null;
    }
    if (shown) {
      err.print(ERASE_LINE);
      err.flush();
      shown = false;
    }
  }

  @Override
  public synchronized void close() {
    stop();
    ticker.shutdownNow();
  }
}
