package io.iotpipeline.cli;

import io.iotpipeline.config.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Spark streaming job in a child JVM for the streaming benchmark: started as
 * {@code ./iot analytics stream} starts it (local[*]), its output copied to a log file, stopped
 * with SIGTERM so its queries stop cleanly. Whoever starts it closes it.
 */
final class SparkStream implements AutoCloseable {

  /** What AnalyticsMain prints once both queries are started. */
  private static final String RUNNING = "Running;";

  private final Process child;
  private final Path log;
  private final Thread pump;
  private final CountDownLatch running = new CountDownLatch(1);
  private volatile boolean closed;

  private SparkStream(Process child, Path log) {
    this.child = child;
    this.log = log;
    this.pump = new Thread(this::copyOutput, "bench-stream-spark-output");
    pump.setDaemon(true);
  }

  static SparkStream start(Settings settings, Path checkpoints, Path log) throws IOException {
    AnalyticsCommand.JobOptions job = new AnalyticsCommand.JobOptions();
    job.master = "local[*]";
    // 100k-row micro-batches of two queries; 1g (the demo's, at 1000 readings/s) is too tight.
    job.driverMemory = "2g";
    Files.createDirectories(log.getParent());
    Process child = AnalyticsCommand.processBuilder(settings, job, List.of("stream",
            "--checkpoint-dir", checkpoints.toString(),
            "--trigger", StreamBenchSection.TRIGGER.toSeconds() + "s",
            "--watermark", StreamBenchSection.WATERMARK.toSeconds() + "s",
            "--starting-offsets", "earliest", "--max-offsets-per-trigger", "0"))
        .redirectErrorStream(true)
        .start();
    SparkStream stream = new SparkStream(child, log);
    stream.pump.start();
    return stream;
  }

  private void copyOutput() {
    try (BufferedReader output = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = output.readLine()) != null) {
        file.write(line);
        file.write('\n');
        if (line.startsWith(RUNNING)) {
          running.countDown();
          file.flush();
        }
      }
    } catch (IOException e) {
      // The child's output is diagnostics; losing the log must not fail the benchmark. Stopping
      // the child closes its output under the reader, which is no news.
      if (!closed) {
        System.out.println("  note: could not copy the Spark job's output to " + log + ": "
          + e.getMessage());
      }
    }
  }

  Path log() {
    return log;
  }

  /** Returns once both streaming queries have started; fails if the job exits or takes too long. */
  void awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!running.await(1, TimeUnit.SECONDS)) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new UserFacingException("the Spark streaming job did not start within "
            + timeout.toSeconds() + " s; see " + log);
      }
    }
  }

  void checkAlive() {
    if (!child.isAlive()) {
      throw new UserFacingException("the Spark streaming job exited with code "
          + child.exitValue() + "; see " + log);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    AnalyticsCommand.stop(child);
    pump.join(Duration.ofSeconds(10).toMillis());
  }
}
