package io.iotpipeline.chaos;

import io.iotpipeline.config.Settings;
import io.iotpipeline.stack.child.CliChild;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import io.iotpipeline.stack.spark.SparkJobSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The Spark streaming job under test, started as {@code ./iot analytics stream} starts it (a child
 * JVM, local master), reading the run's topic from the start, with a checkpoint of the run's own so
 * a restart after SIGKILL resumes from it.
 */
final class StreamSupervisor extends Supervisor {

  private final Settings settings;
  private final Path checkpoints;
  private final Path logs;

  StreamSupervisor(Settings settings, Path checkpoints, Path logs) {
    this.settings = settings;
    this.checkpoints = checkpoints;
    this.logs = logs;
  }

  @Override
  String name() {
    return "the streaming job";
  }

  @Override
  CliChild launch(int number) {
    Path log = logs.resolve(String.format(Locale.ROOT, "stream-%d.log", number));
    SparkJobSpec job =
        SparkJobSpec.local(
            "stream",
            List.of("--checkpoint-dir", checkpoints.toString(), "--starting-offsets", "earliest"));
    return CliChild.of(
        "the streaming job",
        new SparkJobLauncher(settings).launch(job, ProcessBuilder.Redirect.to(log.toFile())),
        log);
  }

  Path checkpoints() {
    return checkpoints;
  }
}
