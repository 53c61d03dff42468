package io.iotpipeline.cli;

import io.iotpipeline.config.Settings;
import io.iotpipeline.stack.RuntimeClasspath;
import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.stack.SparkJvmOptions;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iot analytics stream|batch}: runs the Spark jobs of iot-analytics in a child JVM. Spark
 * brings kafka-clients 3.4, Jackson 2.15 and a shaded driver that conflict with this CLI's
 * clients, so the job gets its own classpath (resolved by Maven when iot-analytics is built).
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
    description = "Spark analytics: streaming minute aggregates and alerts, batch rollups and the fleet report.",
    subcommands = {AnalyticsCommand.Stream.class, AnalyticsCommand.Batch.class})
public final class AnalyticsCommand implements Runnable {

  static final String MAIN_CLASS = "io.iotpipeline.analytics.AnalyticsMain";

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options both jobs take. */
  static final class JobOptions {
    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL",
        description = "local[*] (default), local[N] or spark://HOST:PORT of a standalone master.")
    String master;

    @Option(names = "--driver-memory", defaultValue = "1g", paramLabel = "SIZE",
        description = "Heap of the Spark driver JVM (default 1g).")
    String driverMemory;

    @Option(names = "--jars", paramLabel = "JAR[,JAR...]",
        description = "Jars executors need on a cluster (the job jar; see docs/analytics.md).")
    String jars;
  }

  @Command(name = "stream", mixinStandardHelpOptions = true,
      description = {"Structured Streaming from the readings topic: 1-minute aggregates per sensor",
          "into sensor_agg_minute, alerts into sensor_alerts and the alerts topic. Ctrl-C stops it;",
          "the next run resumes from the checkpoint."})
  static final class Stream implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JobOptions job;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
        description = "Streaming checkpoints (default <data-dir>/checkpoints/analytics-stream).")
    Path checkpointDir;

    @Option(names = "--trigger", defaultValue = "5s", description = "Micro-batch interval (default 5s).")
    String trigger;

    @Option(names = "--watermark", defaultValue = "30s",
        description = "How late a reading may arrive and still be aggregated (default 30s).")
    String watermark;

    @Option(names = "--starting-offsets", defaultValue = "earliest",
        description = "Where a first run starts: earliest (default) or latest.")
    String startingOffsets;

    @Option(names = "--max-offsets-per-trigger", defaultValue = "0",
        description = "Cap on records per micro-batch (0 = none).")
    long maxOffsetsPerTrigger;

    @Option(names = "--available-now",
        description = "Process what the topic holds now, then stop (catch-up run).")
    boolean availableNow;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nAlert rules:%n")
    AlertOptions alerts = new AlertOptions();

    @Override
    public Integer call() throws Exception {
      Settings settings = StackCommand.localSettings(global.load());
      Path checkpoints = checkpointDir != null ? checkpointDir
          : Path.of(settings.get("data-dir"), "checkpoints", "analytics-stream");
      return launch(settings, job, jobArguments(checkpoints));
    }

    /** The streaming job's command line (AnalyticsMain's options). */
    List<String> jobArguments(Path checkpoints) {
      List<String> args = new ArrayList<>(List.of("stream",
          "--checkpoint-dir", checkpoints.toAbsolutePath().toString(),
          "--trigger", trigger, "--watermark", watermark, "--starting-offsets", startingOffsets,
          "--max-offsets-per-trigger", Long.toString(maxOffsetsPerTrigger)));
      args.addAll(alerts.jobArguments());
      if (availableNow) {
        args.add("--available-now");
      }
      return args;
    }
  }

  /**
   * The alert rules' thresholds (iot-analytics AlertThresholds). The defaults here repeat
   * AlertThresholds.defaults() so that --help can show them without loading the job's classes;
   * AnalyticsCommandTest keeps the two equal. The job validates the combination before Spark starts.
   */
  static final class AlertOptions {
    @Option(names = "--temperature-high", defaultValue = "45.0", paramLabel = "C",
        description = "Threshold alert above this temperature, °C (default ${DEFAULT-VALUE}).")
    double temperatureHigh;

    @Option(names = "--temperature-low", defaultValue = "-10.0", paramLabel = "C",
        description = "Threshold alert below this temperature, °C (default ${DEFAULT-VALUE}).")
    double temperatureLow;

    @Option(names = "--humidity-high", defaultValue = "95.0", paramLabel = "PERCENT",
        description = "Threshold alert above this humidity, %% (default ${DEFAULT-VALUE}).")
    double humidityHigh;

    @Option(names = "--humidity-low", defaultValue = "5.0", paramLabel = "PERCENT",
        description = "Threshold alert below this humidity, %% (default ${DEFAULT-VALUE}).")
    double humidityLow;

    @Option(names = "--spike-rate", defaultValue = "3.0", paramLabel = "C_PER_S",
        description = "Spike alert when temperature changes faster than this between two "
            + "readings, °C/s (default ${DEFAULT-VALUE}).")
    double spikeRate;

    @Option(names = "--stuck-readings", defaultValue = "10", paramLabel = "N",
        description = "Stuck alert after this many consecutive identical readings "
            + "(default ${DEFAULT-VALUE}, at least 2).")
    int stuckReadings;

    @Option(names = "--stuck-epsilon", defaultValue = "1.0E-6", paramLabel = "DELTA",
        description = "Readings closer than this count as identical (default ${DEFAULT-VALUE}).")
    double stuckEpsilon;

    @Option(names = "--silence", defaultValue = "60s", paramLabel = "DURATION",
        description = "Silence alert when a sensor sends nothing for this long, event time "
            + "(default ${DEFAULT-VALUE}).")
    String silence;

    List<String> jobArguments() {
      return List.of("--temperature-high", Double.toString(temperatureHigh),
          "--temperature-low", Double.toString(temperatureLow),
          "--humidity-high", Double.toString(humidityHigh),
          "--humidity-low", Double.toString(humidityLow),
          "--spike-rate", Double.toString(spikeRate),
          "--stuck-readings", Integer.toString(stuckReadings),
          "--stuck-epsilon", Double.toString(stuckEpsilon),
          "--silence", silence);
    }
  }

  @Command(name = "batch", mixinStandardHelpOptions = true,
      description = {"Hourly and daily rollups per sensor from sensor_data (sensor_agg_hour,",
          "sensor_agg_day) and the fleet report of the period, printed and stored in fleet_report."})
  static final class Batch implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    JobOptions job;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First UTC day (YYYY-MM-DD).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last UTC day, inclusive.")
    String to;

    @Option(names = "--top", defaultValue = "5", description = "Sensors per top list (default 5).")
    int top;

    @Option(names = "--sensors", paramLabel = "ID[,ID...]",
        description = "Only these sensors (default: every sensor in sensors/sensor_latest).")
    String sensors;

    @Override
    public Integer call() throws Exception {
      Settings settings = StackCommand.localSettings(global.load());
      List<String> args = new ArrayList<>(List.of("batch", "--from", from, "--to", to,
          "--top", Integer.toString(top)));
      if (sensors != null) {
        args.addAll(List.of("--sensors", sensors));
      }
      return launch(settings, job, args);
    }
  }

  /** Runs the job in a child JVM that shares this terminal; Ctrl-C here stops it too. */
  static int launch(Settings settings, JobOptions job, List<String> jobArguments)
      throws InterruptedException, java.io.IOException {
    try (RunningJobs.Registration registration =
        Jobs.register(settings, "analytics-" + jobArguments.get(0))) {
      registration.update("Spark " + job.master + ", driver output in its terminal");
      return launchChild(settings, job, jobArguments);
    }
  }

  private static int launchChild(Settings settings, JobOptions job, List<String> jobArguments)
      throws InterruptedException, java.io.IOException {
    Process child = processBuilder(settings, job, jobArguments).inheritIO().start();
    Thread stopChild = new Thread(() -> stop(child), "analytics-child-stop");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      return child.waitFor();
    } finally {
      if (!child.isAlive()) {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      }
    }
  }

  /** The child JVM of a job, not yet started: the caller chooses where its output goes. */
  static ProcessBuilder processBuilder(Settings settings, JobOptions job, List<String> jobArguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SparkJvmOptions.all());
    command.add("-Xmx" + job.driverMemory);
    command.add("-cp");
    command.add(analyticsJar() + File.pathSeparator + RuntimeClasspath.load("analytics").asArgument());
    command.add(MAIN_CLASS);
    command.addAll(jobArguments);
    command.addAll(List.of("--master", job.master));
    String jars = job.jars != null ? job.jars
        : job.master.startsWith("spark://") ? jobJar().toString() : null;
    if (jars != null) {
      command.addAll(List.of("--jars", jars));
    }
    for (String key : List.of("data-dir", "kafka.bootstrap", "kafka.topic", "kafka.alerts-topic",
        "cassandra.contact-points", "cassandra.dc", "cassandra.keyspace",
        "cassandra.request-timeout")) {
      command.addAll(List.of("--set", key + "=" + settings.get(key)));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    // Spark binds its driver to this address; loopback keeps a local run off the network.
    builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    return builder;
  }

  /**
   * Stops a child JVM of the CLI: SIGTERM lets it stop cleanly (the streaming job its queries,
   * checkpoint intact); killed if it has not exited after 30 s.
   */
  static void stop(Process child) {
    child.destroy();
    try {
      if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The shaded job jar built next to the analytics jar: what executors on a cluster need (our
   * classes, the Kafka source, the connector), without Spark itself.
   */
  static Path jobJar() {
    Path analytics = analyticsJar();
    Path folder = Files.isDirectory(analytics) ? analytics.getParent() : analytics.getParent();
    String name = Files.isDirectory(analytics) ? "iot-analytics-0.1.0-SNAPSHOT.jar"
        : analytics.getFileName().toString();
    Path job = folder.resolve(name.replace(".jar", "-job.jar"));
    if (!Files.exists(job)) {
      throw new UserFacingException("no job jar at " + job + " for the cluster's executors;"
          + " build it (mvn -pl iot-analytics package) or pass --jars");
    }
    return job;
  }

  /** The iot-analytics jar (or classes directory) this CLI was built with. */
  static Path analyticsJar() {
    URL list = RuntimeClasspath.class.getResource("/iot-runtime/analytics.classpath");
    if (list == null) {
      throw new UserFacingException("iot-analytics is not on the CLI classpath; rebuild (./iot builds it)");
    }
    try {
      if (list.getProtocol().equals("jar")) {
        String path = list.getPath();
        return Path.of(new URL(path.substring(0, path.indexOf("!/"))).toURI());
      }
      Path classes = Path.of(list.toURI()).getParent().getParent();
      if (!Files.isDirectory(classes)) {
        throw new UserFacingException("unexpected location of the analytics classes: " + classes);
      }
      return classes;
    } catch (URISyntaxException | java.net.MalformedURLException e) {
      throw new UserFacingException("cannot locate the analytics jar from " + list + ": " + e.getMessage());
    }
  }
}
