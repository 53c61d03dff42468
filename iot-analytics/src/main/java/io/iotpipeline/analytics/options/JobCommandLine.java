package io.iotpipeline.analytics.options;

import io.iotpipeline.analytics.AlertThresholds;
import io.iotpipeline.analytics.AnalyticsConfig;
import io.iotpipeline.analytics.RollupSchedule;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.SettingsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * AnalyticsMain's command line: {@code stream|batch|bench [options]}, parsed into a checked {@link
 * Job} before Spark starts (a typo should not cost a Spark start-up). Settings come from {@code
 * --settings-file} (the resolved settings a parent wrote) or, for {@code spark-submit}, from the
 * IOT_* environment; {@code --set key=value} and the job options go on top.
 */
@Command(
    name = "AnalyticsMain",
    mixinStandardHelpOptions = true,
    description = "The Spark jobs of iot-analytics (./iot analytics runs them in a child JVM).",
    subcommands = {
      JobCommandLine.Stream.class,
      JobCommandLine.Batch.class,
      JobCommandLine.Bench.class,
      JobCommandLine.Sql.class
    })
public final class JobCommandLine {

  /** What to run, every value checked. */
  public sealed interface Job permits StreamJob, BatchRun, BenchRun, SqlRun {
    AnalyticsConfig config();

    /** Jars for a cluster's executors, or null. */
    String jars();
  }

  public record StreamJob(
      AnalyticsConfig config,
      AlertThresholds limits,
      boolean availableNow,
      RollupSchedule rollups,
      String jars)
      implements Job {}

  public record BatchRun(
      AnalyticsConfig config,
      LocalDate from,
      LocalDate to,
      List<Integer> sensors,
      int top,
      String jars)
      implements Job {}

  public record BenchRun(
      AnalyticsConfig config, long rows, int sensors, Path figuresFile, String jars)
      implements Job {}

  /**
   * Spark SQL over the pipeline's tables and topic.
   *
   * @param options the statements (or none: the prompt) and how results are printed
   * @param historyFile where the prompt keeps its history
   */
  public record SqlRun(AnalyticsConfig config, SqlOptions options, Path historyFile, String jars)
      implements Job {}

  /** The fully wired command line. */
  public static CommandLine commandLine() {
    return new CommandLine(new JobCommandLine());
  }

  /**
   * The job the arguments name, or null when they asked for help (then printed).
   *
   * @throws CommandLine.ParameterException on a usage error
   * @throws ConfigException on a bad setting or option value
   */
  public static Job parse(String... arguments) {
    CommandLine commandLine = commandLine();
    CommandLine.ParseResult parsed = commandLine.parseArgs(arguments);
    if (CommandLine.printHelpIfRequested(parsed)) {
      return null;
    }
    if (!parsed.hasSubcommand()) {
      throw new CommandLine.ParameterException(
          commandLine, "name a job: stream, batch, bench or sql");
    }
    CommandLine.ParseResult sub = parsed.subcommand();
    Object command = sub.commandSpec().userObject();
    if (command instanceof Stream stream) {
      return stream.job(sub);
    }
    if (command instanceof Batch batch) {
      return batch.job();
    }
    if (command instanceof Sql sql) {
      return sql.job();
    }
    return ((Bench) command).job();
  }

  /** Options of every job: where Spark runs and where the settings come from. */
  static final class Common {
    @Mixin SparkOptions spark;

    @Option(
        names = "--settings-file",
        paramLabel = "FILE",
        description =
            "Resolved settings written by the parent (./iot); the environment is then not read.")
    Path settingsFile;

    @Option(
        names = "--delete-settings-file",
        hidden = true,
        description = "Delete the settings file once read (it may hold secrets).")
    boolean deleteSettingsFile;

    @Option(
        names = "--shuffle-partitions",
        paramLabel = "N",
        description = "Spark SQL shuffle partitions (setting analytics.shuffle-partitions).")
    Integer shufflePartitions;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "Any setting of './iot config', e.g. --set kafka.bootstrap=HOST:9092.")
    Map<String, String> settings = new LinkedHashMap<>();

    Settings settings(Map<String, String> optionOverrides) {
      Map<String, String> flags = new LinkedHashMap<>(settings);
      if (shufflePartitions != null) {
        flags.put("analytics.shuffle-partitions", shufflePartitions.toString());
      }
      flags.putAll(optionOverrides);
      if (settingsFile == null) {
        return Settings.load(null, System.getenv(), flags);
      }
      Settings loaded = SettingsFile.read(settingsFile, flags);
      if (deleteSettingsFile) {
        try {
          Files.deleteIfExists(settingsFile);
        } catch (IOException e) {
          throw new ConfigException(
              "cannot delete the settings file " + settingsFile + ": " + e.getMessage());
        }
      }
      return loaded;
    }

    AnalyticsConfig config(Settings loaded, String checkpointDir) {
      return AnalyticsConfig.from(spark.master(), loaded, checkpointDir);
    }
  }

  @Command(
      name = "stream",
      mixinStandardHelpOptions = true,
      defaultValueProvider = SettingsDefaults.class,
      description = "Structured Streaming: minute aggregates and alerts.")
  static final class Stream {
    @Mixin Common common;

    @Mixin StreamOptions options;

    StreamJob job(CommandLine.ParseResult parsed) {
      Settings settings = common.settings(StreamOptions.overrides(parsed));
      AnalyticsConfig config = common.config(settings, options.checkpointDir(settings).toString());
      // An available-now run ends when the topic is read: hours closing later are not its job.
      RollupSchedule rollups =
          options.availableNow() ? RollupSchedule.OFF : RollupSchedule.from(settings);
      return new StreamJob(
          config,
          AlertThresholds.from(settings),
          options.availableNow(),
          rollups,
          common.spark.jars());
    }
  }

  @Command(
      name = "batch",
      mixinStandardHelpOptions = true,
      description = "Hourly and daily rollups and the fleet report of a period.")
  static final class Batch {
    @Mixin Common common;

    @Mixin BatchOptions options;

    BatchRun job() {
      Settings settings = common.settings(Map.of());
      List<Integer> sensors = new ArrayList<>();
      if (options.sensors != null) {
        for (String id : options.sensors.split(",")) {
          try {
            sensors.add(Integer.parseInt(id.strip()));
          } catch (NumberFormatException e) {
            throw new ConfigException("--sensors takes sensor ids, got '" + id.strip() + "'");
          }
        }
      }
      return new BatchRun(
          common.config(settings, "unused"),
          date("--from", options.from),
          date("--to", options.to),
          sensors,
          options.top,
          common.spark.jars());
    }

    private static LocalDate date(String option, String text) {
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        throw new ConfigException(option + " is not a date (YYYY-MM-DD): " + text);
      }
    }
  }

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = "The Spark rollup benchmark of ./iot bench --section analytics.")
  static final class Bench {
    @Mixin Common common;

    @Option(
        names = "--rows",
        defaultValue = "1000000",
        description = "Readings to write and roll up.")
    long rows;

    @Option(names = "--sensors", defaultValue = "1000", description = "Sensors they come from.")
    int sensors;

    @Option(
        names = "--figures-file",
        required = true,
        paramLabel = "FILE",
        description = "Where to write the figures, one JSON object (./iot bench reads it).")
    Path figuresFile;

    BenchRun job() {
      return new BenchRun(
          common.config(common.settings(Map.of()), "unused"),
          rows,
          sensors,
          figuresFile.toAbsolutePath(),
          common.spark.jars());
    }
  }

  @Command(
      name = "sql",
      mixinStandardHelpOptions = true,
      description = "Spark SQL over the keyspace's tables and the readings topic.")
  static final class Sql {
    @Mixin Common common;

    @Mixin SqlOptions options;

    SqlRun job() {
      options.check();
      Settings settings = common.settings(Map.of());
      return new SqlRun(
          common.config(settings, "unused"),
          options,
          Path.of(settings.get("data-dir"), "sql-history").toAbsolutePath(),
          common.spark.jars());
    }
  }
}
