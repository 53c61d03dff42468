package io.iotpipeline.analytics;

import io.iotpipeline.analytics.bench.BatchBenchmark;
import io.iotpipeline.analytics.options.JobCommandLine;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Durations;
import io.iotpipeline.process.ParentWatchdog;
import java.time.Clock;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.ShutdownHookManager;
import picocli.CommandLine;
import scala.runtime.BoxedUnit;

/**
 * Entry point of the analytics JVM: {@code stream}, {@code batch} or {@code bench}. Started by
 * {@code ./iot analytics} in a child JVM (Spark's dependencies conflict with the CLI's clients), or
 * by {@code spark-submit} with the job jar. This is the child's command line, so it prints to
 * stdout. Its options are parsed by {@link JobCommandLine}; a parent that passes
 * {@code -Diot.parent-pid} is watched, so this JVM ends when its parent dies.
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
        return stream(spark, stream.config(), stream.availableNow(), stream.limits());
      }
    }
    if (job instanceof JobCommandLine.BenchRun bench) {
      try (SparkSession spark = open(bench.config(), "bench", bench.jars())) {
        BatchBenchmark.run(spark, bench.config().cassandra().keyspace(), bench.rows(), bench.sensors(),
            bench.figuresFile());
        return 0;
      }
    }
    JobCommandLine.BatchRun batch = (JobCommandLine.BatchRun) job;
    BatchJob.Request request = new BatchJob.Request(batch.from(), batch.to(), batch.sensors(),
        batch.top());
    try (SparkSession spark = open(batch.config(), "batch", batch.jars())) {
      batch(spark, batch.config(), request);
      return 0;
    }
  }

  private static SparkSession open(AnalyticsConfig config, String job, String jars) {
    if (jars != null) {
      // Client mode on a cluster: executors fetch these jars (the job jar) from the driver.
      System.setProperty("spark.jars", jars);
    }
    return SparkSessions.open(config, "iot-analytics-" + job);
  }

  /** Above SparkContext's own shutdown priority (50), so queries stop while Spark still runs. */
  private static final int STOP_QUERIES_FIRST = 60;

  private static int stream(SparkSession spark, AnalyticsConfig config, boolean availableNow,
      AlertThresholds limits) throws Exception {
    System.out.printf("Streaming %s -> %s (minute aggregates, alerts -> %s); checkpoints in %s;"
            + " master %s%n", config.kafka().topic(), config.cassandra().keyspace(),
        config.kafka().alertsTopic(), config.checkpointDir(), config.master());
    StreamingJob job = new StreamingJob(spark, config, limits, availableNow);
    // Spark's own hook stops the SparkContext on SIGTERM; a plain JVM hook would race it and
    // fail the running micro-batch. Spark's hook manager runs higher priorities first.
    Object stopper = ShutdownHookManager.addShutdownHook(STOP_QUERIES_FIRST, () -> {
      try {
        job.close();
      } catch (Exception e) {
        System.err.println("stopping the streaming queries failed: " + e.getMessage());
      }
      return BoxedUnit.UNIT;
    });
    job.start();
    if (!availableNow) {
      System.out.println("Running; progress is logged per micro-batch. Stop with Ctrl-C.");
    }
    job.awaitTermination();
    if (availableNow) {
      ShutdownHookManager.removeShutdownHook(stopper);
    }
    // After a SIGTERM this waits for the hook's close to finish before the session is closed.
    job.close();
    System.out.printf("Stopped. Late rows (after the watermark): %d, undecodable records: %d%n",
        job.lateRows(), job.invalidRows());
    return 0;
  }

  private static BatchJob.Result batch(SparkSession spark, AnalyticsConfig config,
      BatchJob.Request request) {
    BatchJob.Result result = new BatchJob(spark, config.cassandra().keyspace(), Clock.systemUTC())
        .run(request);
    System.out.printf("Rolled up %d readings of %d sensor(s) for %s into %d hour rows and %d day"
            + " rows in %s%n", result.readings(), result.sensors(), request.period(), result.hours(),
        result.days(), Durations.format(result.took()));
    System.out.printf("%nFleet report %s (stored in %s.fleet_report)%n", request.period(),
        config.cassandra().keyspace());
    System.out.printf("%-13s %5s %9s %12s%n", "SECTION", "RANK", "SENSOR", "VALUE");
    int completenessShown = 0;
    for (Row row : result.report()) {
      String section = row.getString(0);
      if (section.equals(FleetReport.COMPLETENESS) && ++completenessShown > request.topN()) {
        continue;
      }
      System.out.printf("%-13s %5d %9d %12.3f%n", section, row.getInt(1), row.getInt(2),
          row.getDouble(3));
    }
    if (completenessShown > request.topN()) {
      System.out.printf("(completeness: the %d least complete of %d sensors shown)%n",
          request.topN(), completenessShown);
    }
    return result;
  }
}
