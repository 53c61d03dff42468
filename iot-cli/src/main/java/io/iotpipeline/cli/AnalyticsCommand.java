package io.iotpipeline.cli;

import io.iotpipeline.analytics.options.BatchOptions;
import io.iotpipeline.analytics.options.SettingsDefaults;
import io.iotpipeline.analytics.options.SparkOptions;
import io.iotpipeline.analytics.options.StreamOptions;
import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.config.Settings;
import io.iotpipeline.stack.spark.SparkJob;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import io.iotpipeline.stack.spark.SparkJobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code iot analytics stream|batch}: the Spark jobs of iot-analytics, run in a child JVM by the
 * {@link SparkJobLauncher}. The job options are iot-analytics' own ({@link StreamOptions}, {@link
 * BatchOptions}); this command only resolves the settings and forwards them.
 */
@Command(
    name = "analytics",
    mixinStandardHelpOptions = true,
    description =
        "Spark analytics: streaming minute aggregates and alerts, batch rollups and the fleet report.",
    subcommands = {AnalyticsCommand.Stream.class, AnalyticsCommand.Batch.class})
public final class AnalyticsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options both jobs take. */
  static final class JobOptions {
    @Mixin SparkOptions spark;

    @Option(
        names = "--driver-memory",
        defaultValue = SparkJobSpec.DEFAULT_DRIVER_MEMORY,
        paramLabel = "SIZE",
        description = "Heap of the Spark driver JVM (default ${DEFAULT-VALUE}).")
    String driverMemory;

    SparkJobSpec spec(String job, List<String> arguments) {
      return new SparkJobSpec(job, arguments, spark.master(), spark.jars(), driverMemory);
    }
  }

  @Command(
      name = "stream",
      mixinStandardHelpOptions = true,
      defaultValueProvider = SettingsDefaults.class,
      description = {
        "Structured Streaming from the readings topic: 1-minute aggregates per sensor",
        "into sensor_agg_minute, alerts into sensor_alerts and the alerts topic. Ctrl-C stops it;",
        "the next run resumes from the checkpoint."
      })
  static final class Stream implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Mixin JobOptions job;

    @Mixin StreamOptions options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Settings settings = settings();
      return launch(settings, job.spec("stream", jobArguments(settings)));
    }

    /** The resolved settings with the options given here on top: what the job runs with. */
    Settings settings() {
      Settings settings =
          global
              .loadAs("analytics")
              .with(StreamOptions.overrides(spec.commandLine().getParseResult()));
      // Checked here, before a Spark JVM starts for a typo.
      StreamOptions.check(job.spark.master(), settings);
      return settings;
    }

    /** The options the settings file does not carry. */
    List<String> jobArguments(Settings settings) {
      List<String> args =
          new ArrayList<>(List.of("--checkpoint-dir", options.checkpointDir(settings).toString()));
      if (options.availableNow()) {
        args.add("--available-now");
      }
      return args;
    }
  }

  @Command(
      name = "batch",
      mixinStandardHelpOptions = true,
      description = {
        "Hourly and daily rollups per sensor from sensor_data (sensor_agg_hour,",
        "sensor_agg_day) and the fleet report of the period, printed and stored in fleet_report."
      })
  static final class Batch implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Mixin JobOptions job;

    @Mixin BatchOptions options;

    @Override
    public Integer call() throws Exception {
      Settings settings = global.loadAs("analytics");
      return launch(settings, job.spec("batch", options.arguments()));
    }
  }

  /** Runs the job in a child JVM that shares this terminal; Ctrl-C here stops it too. */
  static int launch(Settings settings, SparkJobSpec job) throws InterruptedException {
    try (RunningJobs.Registration registration = Jobs.register(settings, job.name());
        SparkJob running =
            new SparkJobLauncher(settings).launch(job, ProcessBuilder.Redirect.INHERIT)) {
      registration.update("Spark " + job.master() + ", driver output in its terminal");
      return running.awaitExit();
    }
  }

  /** The checkpoint directory of the streaming job when none is given (the demo's). */
  static Path defaultCheckpoints(Settings settings) {
    return new StreamOptions().checkpointDir(settings);
  }
}
