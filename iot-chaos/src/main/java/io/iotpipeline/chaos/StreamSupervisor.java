package io.iotpipeline.chaos;

import io.iotpipeline.config.Settings;
import io.iotpipeline.stack.child.CliChild;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import io.iotpipeline.stack.spark.SparkJobSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Spark streaming job under test, started as {@code ./iot analytics stream} starts it (a
 * child JVM, local master), reading the run's topic from the start, with a checkpoint of the run's
 * own so a restart after SIGKILL resumes from it.
 */
final class StreamSupervisor implements Supervisor, AutoCloseable {

  private final Settings settings;
  private final Path checkpoints;
  private final Path logs;
  private final List<CliChild> incarnations = new ArrayList<>();

  StreamSupervisor(Settings settings, Path checkpoints, Path logs) {
    this.settings = settings;
    this.checkpoints = checkpoints;
    this.logs = logs;
  }

  @Override
  public String name() {
    return "the streaming job";
  }

  @Override
  public synchronized CliChild start() {
    Path log = logs.resolve(String.format(Locale.ROOT, "stream-%d.log", incarnations.size() + 1));
    SparkJobSpec job = SparkJobSpec.local("stream", List.of("--checkpoint-dir",
        checkpoints.toString(), "--starting-offsets", "earliest"));
    CliChild child = CliChild.of("the streaming job",
        new SparkJobLauncher(settings).start(job, ProcessBuilder.Redirect.to(log.toFile())), log);
    incarnations.add(child);
    return child;
  }

  Path checkpoints() {
    return checkpoints;
  }

  @Override
  public synchronized CliChild current() {
    return incarnations.get(incarnations.size() - 1);
  }

  /** SIGKILLs the job's JVM and starts it again from the same checkpoint; returns the killed PID. */
  synchronized long killAndRestart() throws InterruptedException {
    CliChild victim = current();
    victim.checkAlive();
    long pid = victim.pid();
    victim.kill();
    start();
    return pid;
  }

  @Override
  public synchronized void close() {
    if (!incarnations.isEmpty()) {
      current().close();
    }
  }
}
