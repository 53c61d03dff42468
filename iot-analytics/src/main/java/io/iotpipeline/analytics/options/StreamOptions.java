package io.iotpipeline.analytics.options;

import io.iotpipeline.analytics.AlertThresholds;
import io.iotpipeline.analytics.AnalyticsConfig;
import io.iotpipeline.analytics.RollupSchedule;
import io.iotpipeline.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The streaming job's options, declared once for {@code ./iot analytics stream} (which forwards
 * them through the settings file) and AnalyticsMain (which runs the job). Each tuning option
 * overrides one {@code analytics.*} setting; the defaults are those settings' defaults (iot-model
 * Defaults), shown in the help by {@link SettingsDefaults}. Free of Spark, so the CLI can load it.
 */
public final class StreamOptions {

  /** Each tuning option and the setting it overrides. */
  public static final Map<String, String> SETTING_OF_OPTION = settingOfOption();

  private static Map<String, String> settingOfOption() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("--trigger", "analytics.trigger");
    keys.put("--watermark", "analytics.watermark");
    keys.put("--starting-offsets", "analytics.starting-offsets");
    keys.put("--max-offsets-per-trigger", "analytics.max-offsets-per-trigger");
    for (String rule :
        new String[] {
          "temperature-high",
          "temperature-low",
          "humidity-high",
          "humidity-low",
          "spike-rate",
          "stuck-readings",
          "stuck-epsilon",
          "silence"
        }) {
      keys.put("--" + rule, "analytics.alert." + rule);
    }
    return Map.copyOf(keys);
  }

  @Option(
      names = "--checkpoint-dir",
      paramLabel = "DIR",
      description = "Streaming checkpoints (default <data-dir>/checkpoints/analytics-stream).")
  Path checkpointDir;

  // picocli parses and type-checks into the fields below; overrides() forwards only what was given.
  @Option(names = "--trigger", description = "Micro-batch interval (default ${DEFAULT-VALUE}).")
  String trigger;

  @Option(
      names = "--watermark",
      description =
          "How late a reading may arrive and still be aggregated (default ${DEFAULT-VALUE}).")
  String watermark;

  @Option(
      names = "--starting-offsets",
      description = "Where a first run starts: earliest or latest (default ${DEFAULT-VALUE}).")
  String startingOffsets;

  @Option(
      names = "--max-offsets-per-trigger",
      description = "Cap on records per micro-batch (0 = none; default ${DEFAULT-VALUE}).")
  long maxOffsetsPerTrigger;

  @Option(
      names = "--available-now",
      description = "Process what the topic holds now, then stop (catch-up run).")
  boolean availableNow;

  @ArgGroup(exclusive = false, heading = "%nAlert rules:%n")
  AlertOptions alerts = new AlertOptions();

  /** The alert rules' thresholds (iot-analytics AlertThresholds). */
  static final class AlertOptions {
    @Option(
        names = "--temperature-high",
        paramLabel = "C",
        description = "Threshold alert above this temperature, °C (default ${DEFAULT-VALUE}).")
    double temperatureHigh;

    @Option(
        names = "--temperature-low",
        paramLabel = "C",
        description = "Threshold alert below this temperature, °C (default ${DEFAULT-VALUE}).")
    double temperatureLow;

    @Option(
        names = "--humidity-high",
        paramLabel = "PERCENT",
        description = "Threshold alert above this humidity, %% (default ${DEFAULT-VALUE}).")
    double humidityHigh;

    @Option(
        names = "--humidity-low",
        paramLabel = "PERCENT",
        description = "Threshold alert below this humidity, %% (default ${DEFAULT-VALUE}).")
    double humidityLow;

    @Option(
        names = "--spike-rate",
        paramLabel = "C_PER_S",
        description =
            "Spike alert when temperature changes faster than this between two "
                + "readings, °C/s (default ${DEFAULT-VALUE}).")
    double spikeRate;

    @Option(
        names = "--stuck-readings",
        paramLabel = "N",
        description =
            "Stuck alert after this many consecutive identical readings "
                + "(default ${DEFAULT-VALUE}, at least 2).")
    int stuckReadings;

    @Option(
        names = "--stuck-epsilon",
        paramLabel = "DELTA",
        description = "Readings closer than this count as identical (default ${DEFAULT-VALUE}).")
    double stuckEpsilon;

    @Option(
        names = "--silence",
        paramLabel = "DURATION",
        description =
            "Silence alert when a sensor sends nothing for this long, event time "
                + "(default ${DEFAULT-VALUE}).")
    String silence;
  }

  /**
   * The settings the options given on this command line override. Only options that were given: a
   * default here must not hide a value from the config file or the environment.
   */
  public static Map<String, String> overrides(CommandLine.ParseResult parsed) {
    Map<String, String> overrides = new LinkedHashMap<>();
    SETTING_OF_OPTION.forEach(
        (option, key) -> {
          if (parsed.hasMatchedOption(option)) {
            Object value = parsed.matchedOption(option).getValue();
            overrides.put(key, String.valueOf(value));
          }
        });
    return overrides;
  }

  /**
   * Fails with a ConfigException unless the settings make a valid streaming job: what a parent
   * checks before it starts a Spark JVM.
   */
  public static void check(String master, Settings settings) {
    AnalyticsConfig.from(master, settings, "unused");
    AlertThresholds.from(settings);
    RollupSchedule.from(settings);
  }

  /** The checkpoint directory given, or the one under the data dir; absolute. */
  public Path checkpointDir(Settings settings) {
    Path dir =
        checkpointDir != null
            ? checkpointDir
            : Path.of(settings.get("data-dir"), "checkpoints", "analytics-stream");
    return dir.toAbsolutePath();
  }

  public boolean availableNow() {
    return availableNow;
  }
}
