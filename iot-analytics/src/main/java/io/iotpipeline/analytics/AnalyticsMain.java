package io.iotpipeline.analytics;

import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of the analytics JVM: {@code stream} or {@code batch}. Started by {@code ./iot
 * analytics} in a child JVM (Spark's dependencies conflict with the CLI's clients), or by
 * {@code spark-submit} with the job jar. This is the child's command line, so it prints to stdout.
 *
 * <p>Arguments: {@code stream|batch [--master M] [--set key=value]... [options]}; settings keys
 * are those of {@code ./iot config} (kafka.*, cassandra.*), IOT_* environment variables apply too.
 */
public final class AnalyticsMain {
  private AnalyticsMain() {}

  public static void main(String[] args) throws Exception {
    try {
      System.exit(run(args));
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  static int run(String[] args) throws Exception {
    if (args.length == 0 || !List.of("stream", "batch", "bench").contains(args[0])) {
      throw new IllegalArgumentException("usage: AnalyticsMain stream|batch|bench [options]");
    }
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    parse(Arrays.copyOfRange(args, 1, args.length), options, settings);
    Settings loaded = Settings.load(null, System.getenv(), settings);
    AnalyticsConfig config = new AnalyticsConfig(
        options.getOrDefault("master", "local[*]"),
        KafkaSettings.from(loaded), CassandraSettings.from(loaded),
        options.getOrDefault("checkpoint-dir", loaded.get("data-dir") + "/checkpoints/analytics-stream"),
        duration(options, "trigger", "5s"), duration(options, "watermark", "30s"),
        options.getOrDefault("starting-offsets", "earliest"),
        Long.parseLong(options.getOrDefault("max-offsets-per-trigger", "0")),
        Integer.parseInt(options.getOrDefault("shuffle-partitions", "4")));
    // Every option is checked before Spark starts: a typo should not cost a Spark start-up.
    if (args[0].equals("stream")) {
      AlertThresholds limits = thresholds(options);
      try (SparkSession spark = open(config, "stream", options.get("jars"))) {
        return stream(spark, config, options.containsKey("available-now"), limits);
      }
    }
    if (args[0].equals("bench")) {
      try (SparkSession spark = open(config, "bench", options.get("jars"))) {
        BatchBenchmark.run(spark, config.cassandra().keyspace(),
            Long.parseLong(options.getOrDefault("rows", "1000000")),
            Integer.parseInt(options.getOrDefault("sensors", "1000")));
        return 0;
      }
    }
    BatchJob.Request request = batchRequest(options);
    try (SparkSession spark = open(config, "batch", options.get("jars"))) {
      batch(spark, config, request);
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

  private static BatchJob.Request batchRequest(Map<String, String> options) {
    List<Integer> sensors = new ArrayList<>();
    if (options.containsKey("sensors")) {
      for (String id : options.get("sensors").split(",")) {
        sensors.add(Integer.parseInt(id.strip()));
      }
    }
    return new BatchJob.Request(date(options, "from"), date(options, "to"), sensors,
        Integer.parseInt(options.getOrDefault("top", "5")));
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

  /** The alert thresholds from the options, each defaulting to {@link AlertThresholds#defaults()}. */
  static AlertThresholds thresholds(Map<String, String> options) {
    AlertThresholds d = AlertThresholds.defaults();
    return new AlertThresholds(
        number(options, "temperature-high", d.temperatureHigh()),
        number(options, "temperature-low", d.temperatureLow()),
        number(options, "humidity-high", d.humidityHigh()),
        number(options, "humidity-low", d.humidityLow()),
        number(options, "spike-rate", d.spikeRate()),
        (int) number(options, "stuck-readings", d.stuckMinReadings()),
        number(options, "stuck-epsilon", d.stuckEpsilon()),
        options.containsKey("silence") ? Durations.parse(options.get("silence")) : d.silence());
  }

  /** {@code --name value}, {@code --name=value}, flags without value, {@code --set k=v}. */
  static void parse(String[] args, Map<String, String> options, Map<String, String> settings) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      String name = arg.substring(2);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0 && !name.startsWith("set")) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      }
      if (name.equals("set")) {
        int eq = value == null ? -1 : value.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("--set needs key=value, got " + value);
        }
        settings.put(value.substring(0, eq), value.substring(eq + 1));
      } else {
        options.put(name, value == null ? "true" : value);
      }
    }
  }

  private static Duration duration(Map<String, String> options, String name, String fallback) {
    return Durations.parse(options.getOrDefault(name, fallback));
  }

  private static double number(Map<String, String> options, String name, double fallback) {
    if (!options.containsKey(name)) {
      return fallback;
    }
    try {
      return Double.parseDouble(options.get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " is not a number: " + options.get(name));
    }
  }

  private static LocalDate date(Map<String, String> options, String name) {
    String text = options.get(name);
    if (text == null) {
      throw new IllegalArgumentException("batch needs --" + name + " YYYY-MM-DD");
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--" + name + " is not a date (YYYY-MM-DD): " + text);
    }
  }
}
