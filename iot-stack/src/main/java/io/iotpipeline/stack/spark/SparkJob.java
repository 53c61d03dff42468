package io.iotpipeline.stack.spark;

import io.iotpipeline.process.StopSignal;
import io.iotpipeline.stack.child.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Spark job running in its child JVM. {@link #close()} stops it (SIGTERM, then a kill after
 * {@link ChildJvm#STOP_GRACE}) and deletes its settings file; it is idempotent.
 */
public final class SparkJob implements AutoCloseable {

  private final Process process;
  private final Path settingsFile;
  private boolean closed;

  SparkJob(Process process, Path settingsFile) {
    this.process = process;
    this.settingsFile = settingsFile;
    // The child deletes the file once read; this covers a child that fails before that.
    process.onExit().thenRun(() -> deleteQuietly(settingsFile));
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; only once the job has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** The job's output, when it was started with {@link ProcessBuilder.Redirect#PIPE}. */
  public InputStream output() {
    return process.getInputStream();
  }

  /** The child process itself, for callers that watch it (e.g. a benchmark's log checks). */
  public Process process() {
    return process;
  }

  /**
   * Waits until the job ends and returns its exit code. If this JVM is asked to stop meanwhile
   * (Ctrl-C, SIGTERM), the job is stopped cleanly first, so its queries and checkpoint stay intact.
   */
  public int awaitExit() throws InterruptedException {
    try (StopSignal ctrlC = StopSignal.install("spark-job", this::close)) {
      return process.waitFor();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (process.isAlive()) {
      ChildJvm.stop(process);
    }
    deleteQuietly(settingsFile);
  }

  static void deleteQuietly(Path settingsFile) {
    try {
      Files.deleteIfExists(settingsFile);
    } catch (IOException e) {
      // Owner-only and under the data dir; the next start does not read it.
    }
  }
}
