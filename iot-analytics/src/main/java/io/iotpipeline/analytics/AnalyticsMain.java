package io.iotpipeline.analytics;

import io.iotpipeline.analytics.bench.BatchBenchmark;
import io.iotpipeline.analytics.options.JobCommandLine;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Durations;
import io.iotpipeline.process.ParentWatchdog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.ShutdownHookManager;
import picocli.CommandLine;
import scala.runtime.BoxedUnit;

/**
 * Entry point of the analytics JVM: {@code stream}, {@code batch}, {@code bench} or {@code sql}.
 * Started by {@code ./iot analytics} in a child JVM (Spark's dependencies conflict with the CLI's
 * clients), or by {@code spark-submit} with the job jar. This is the child's command line, so it
 * prints to stdout. Its options are parsed by {@link JobCommandLine}; a parent that passes {@code
 * -Diot.parent-pid} is watched, so this JVM ends when its parent dies.
 */
public final class AnalyticsMain {
  private AnalyticsMain() {}

  public static void main(String[] args) throws Exception {
    ParentWatchdog.startIfAsked();
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    JobCommandLine.Job job;
    try {
      job = JobCommandLine.parse(args);
    } catch (CommandLine.ParameterException e) {
      System.err.println("error: " + e.getMessage());
      e.getCommandLine().usage(System.err);
      return 2;
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    if (job == null) {
      return 0; // help printed
    }
    if (job instanceof JobCommandLine.StreamJob stream) {
      try (SparkSession spark = open(stream.config(), "stream", stream.jars())) {
        return stream(
            spark, stream.config(), stream.availableNow(), stream.limits(), stream.rollups());
      }
    }
    if (job instanceof JobCommandLine.BenchRun bench) {
      try (SparkSession spark = open(bench.config(), "bench", bench.jars())) {
        BatchBenchmark.run(
            spark,
            bench.config().cassandra().keyspace(),
            bench.rows(),
            bench.sensors(),
            bench.figuresFile());
        return 0;
      }
    }
    if (job instanceof JobCommandLine.SqlRun sql) {
      return SqlJob.run(sql);
    }
    JobCommandLine.BatchRun batch = (JobCommandLine.BatchRun) job;
    BatchJob.Request request =
        new BatchJob.Request(batch.from(), batch.to(), batch.sensors(), batch.top());
    try (SparkSession spark = open(batch.config(), "batch", batch.jars())) {
      batch(spark, batch.config(), request);
      return 0;
    }
  }

  static SparkSession open(AnalyticsConfig config, String job, String jars) {
    if (jars != null) {
      // Client mode on a cluster: executors fetch these jars (the job jar) from the driver.
      System.setProperty("spark.jars", jars);
    }
    return SparkSessions.open(config, "iot-analytics-" + job);
  }

  /** Above SparkContext's own shutdown priority (50), so queries stop while Spark still runs. */
  private static final int STOP_QUERIES_FIRST = 60;

  /** A failed query is restarted after this long, doubling per failure in a row up to the most. */
  static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(5);

  static final Duration MOST_RESTART_DELAY = Duration.ofSeconds(60);

  /** Failures in a row (no query ran five minutes in between) before the job gives up. */
  static final int MOST_FAILURES_IN_A_ROW = 10;

  private static final Duration HEALTHY_RUN = Duration.ofMinutes(5);

  private static int stream(
      SparkSession spark,
      AnalyticsConfig config,
      boolean availableNow,
      AlertThresholds limits,
      RollupSchedule rollups)
      throws Exception {
    System.out.printf(
        "Streaming %s -> %s (minute aggregates, alerts -> %s); checkpoints in %s;" + " master %s%n",
        config.kafka().topic(),
        config.cassandra().keyspace(),
        config.kafka().alertsTopic(),
        config.checkpointDir(),
        config.master());
    AtomicReference<StreamingJob> running = new AtomicReference<>();
    AtomicBoolean stopping = new AtomicBoolean();
    // Spark's own hook stops the SparkContext on SIGTERM; a plain JVM hook would race it and
    // fail the running micro-batch. Spark's hook manager runs higher priorities first.
    Object stopper =
        ShutdownHookManager.addShutdownHook(
            STOP_QUERIES_FIRST,
            () -> {
              stopping.set(true);
              try {
                StreamingJob job = running.get();
                if (job != null) {
                  job.close();
                }
              } catch (Exception e) {
                System.err.println("stopping the streaming queries failed: " + e.getMessage());
              }
              return BoxedUnit.UNIT;
            });
    int failuresInARow = 0;
    while (true) {
      StreamingJob job = new StreamingJob(spark, config, limits, availableNow, rollups);
      running.set(job);
      long began = System.nanoTime();
      try {
        job.start();
        if (availableNow) {
          job.awaitTermination();
        } else {
          System.out.println("Running; progress is logged per micro-batch. Stop with Ctrl-C.");
          // Either query failing ends the wait: both are restarted together below.
          spark.streams().awaitAnyTermination();
        }
      } catch (Exception e) {
        // Not only a query's StreamingQueryException: start() itself fails while Cassandra is
        // down (the connector's IOException, the driver's AllNodesFailedException from the
        // progress recorder's session), and that is the same passing outage.
        closeQuietly(job);
        if (availableNow || stopping.get()) {
          throw e;
        }
        failuresInARow =
            Duration.ofNanos(System.nanoTime() - began).compareTo(HEALTHY_RUN) > 0
                ? 1
                : failuresInARow + 1;
        if (failuresInARow > MOST_FAILURES_IN_A_ROW) {
          System.err.printf(
              "A streaming query failed %d times in a row; giving up: %s%n",
              failuresInARow - 1, e.getMessage());
          throw e;
        }
        // A Cassandra node or Kafka broker that crashed or hung fails the micro-batch in flight;
        // the checkpoints hold what was done, so a restart reruns only that batch (upserts).
        Duration delay = restartDelay(failuresInARow);
        System.err.printf(
            "A streaming query failed (%s); restarting both from their checkpoints "
                + "in %d s (failure %d in a row, at most %d)%n",
            rootMessage(e), delay.toSeconds(), failuresInARow, MOST_FAILURES_IN_A_ROW);
        Thread.sleep(delay.toMillis());
        if (stopping.get()) {
          return 0;
        }
        spark.streams().resetTerminated();
        continue;
      }
      if (availableNow) {
        ShutdownHookManager.removeShutdownHook(stopper);
      }
      // After a SIGTERM this waits for the hook's close to finish before the session is closed.
      job.close();
      System.out.printf(
          "Stopped. Late rows (after the watermark): %d, undecodable records: %d%n",
          job.lateRows(), job.invalidRows());
      return 0;
    }
  }

  private static void closeQuietly(StreamingJob job) {
    try {
      job.close();
    } catch (Exception e) {
      System.err.println("stopping the failed streaming queries failed too: " + e.getMessage());
    }
  }

  static Duration restartDelay(int failuresInARow) {
    long seconds = FIRST_RESTART_DELAY.toSeconds() << Math.min(10, failuresInARow - 1);
    return Duration.ofSeconds(Math.min(seconds, MOST_RESTART_DELAY.toSeconds()));
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static BatchJob.Result batch(
      SparkSession spark, AnalyticsConfig config, BatchJob.Request request) {
    BatchJob.Result result =
        new BatchJob(spark, config.cassandra().keyspace(), Clock.systemUTC()).run(request);
    System.out.printf(
        "Rolled up %d readings of %d sensor(s) for %s into %d hour rows and %d day"
            + " rows in %s%n",
        result.readings(),
        result.sensors(),
        request.period(),
        result.hours(),
        result.days(),
        Durations.format(result.took()));
    System.out.printf(
        "%nFleet report %s (stored in %s.fleet_report)%n",
        request.period(), config.cassandra().keyspace());
    System.out.printf("%-13s %5s %9s %12s%n", "SECTION", "RANK", "SENSOR", "VALUE");
    int completenessShown = 0;
    for (Row row : result.report()) {
      String section = row.getString(0);
      if (section.equals(FleetReport.COMPLETENESS) && ++completenessShown > request.topN()) {
        continue;
      }
      System.out.printf(
          "%-13s %5d %9d %12.3f%n", section, row.getInt(1), row.getInt(2), row.getDouble(3));
    }
    if (completenessShown > request.topN()) {
      System.out.printf(
          "(completeness: the %d least complete of %d sensors shown)%n",
          request.topN(), completenessShown);
    }
    return result;
  }
}
