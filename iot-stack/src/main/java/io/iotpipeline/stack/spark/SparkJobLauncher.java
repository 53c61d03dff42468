package io.iotpipeline.stack.spark;

import io.iotpipeline.config.Settings;
import io.iotpipeline.config.SettingsFile;
import io.iotpipeline.stack.SparkJvmOptions;
import io.iotpipeline.stack.child.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the Spark jobs of iot-analytics in a child JVM: Spark brings kafka-clients 3.4, Jackson
 * 2.15 and a shaded driver that conflict with the CLI's clients, so a job gets its own classpath
 * (resolved by Maven when iot-analytics is built). The child receives the whole resolved settings
 * in an owner-only file under {@code <data-dir>/run} (never on its command line, which every user
 * can read), and ends when this JVM dies.
 */
public final class SparkJobLauncher {

  static final String MAIN_CLASS = "io.iotpipeline.analytics.AnalyticsMain";

  /** On the child's command line: which job it is, for {@code ps} and the tests that find it. */
  static final String JOB_PROPERTY = "iot.job";

  private final Settings settings;

  /**
   * @param settings every layer resolved: what the job runs with
   */
  public SparkJobLauncher(Settings settings) {
    this.settings = settings;
  }

  /**
   * Starts the job. {@link ProcessBuilder.Redirect#INHERIT} shares this terminal; any other
   * redirect (a log file, a pipe) receives stdout and stderr together.
   */
  public SparkJob launch(SparkJobSpec spec, ProcessBuilder.Redirect output) {
    Prepared prepared = prepare(spec);
    try {
      Process process =
          ChildJvm.launch(
              prepared.command(),
              // Spark binds its driver to this address; loopback keeps a local run off the network.
              Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
              output);
      return new SparkJob(process, prepared.settingsFile());
    } catch (RuntimeException e) {
      SparkJob.deleteQuietly(prepared.settingsFile());
      throw e;
    }
  }

  /**
   * A job ready to start: its settings file written, its command line built.
   *
   * @param command java, JVM options, classpath, AnalyticsMain, then {@link #jobArguments()}
   * @param settingsFile the resolved settings; the child deletes it once read
   */
  public record Prepared(List<String> command, Path settingsFile) {
    public Prepared {
      command = List.copyOf(command);
    }

    /** AnalyticsMain's arguments: what follows its class name. */
    public List<String> jobArguments() {
      return command.subList(command.indexOf(MAIN_CLASS) + 1, command.size());
    }
  }

  /** Writes the settings file and builds the command line, without starting anything. */
  public Prepared prepare(SparkJobSpec spec) {
    Path settingsFile = SettingsFile.write(settings, runDirectory(), spec.name() + "-settings-");
    try {
      return new Prepared(command(spec, settingsFile), settingsFile);
    } catch (RuntimeException e) {
      SparkJob.deleteQuietly(settingsFile);
      throw e;
    }
  }

  /** The child's command line; the settings file holds everything else. */
  private List<String> command(SparkJobSpec spec, Path settingsFile) {
    List<String> jvmOptions = new ArrayList<>(SparkJvmOptions.all());
    jvmOptions.add("-Xmx" + spec.driverMemory());
    jvmOptions.add("-D" + JOB_PROPERTY + "=" + spec.name());
    return ChildJvm.command(
        jvmOptions, AnalyticsJars.driverClasspath(), MAIN_CLASS, jobArguments(spec, settingsFile));
  }

  /** AnalyticsMain's arguments: the job, its options, where Spark runs, the settings file. */
  static List<String> jobArguments(SparkJobSpec spec, Path settingsFile) {
    List<String> arguments = new ArrayList<>();
    arguments.add(spec.job());
    arguments.addAll(spec.arguments());
    arguments.addAll(List.of("--master", spec.master()));
    String jars =
        spec.jars() != null
            ? spec.jars()
            : spec.master().startsWith("spark://") ? AnalyticsJars.jobJar().toString() : null;
    if (jars != null) {
      arguments.addAll(List.of("--jars", jars));
    }
    arguments.addAll(List.of("--settings-file", settingsFile.toString(), "--delete-settings-file"));
    return arguments;
  }

  private Path runDirectory() {
    return Path.of(settings.get("data-dir"), "run").toAbsolutePath();
  }
}
