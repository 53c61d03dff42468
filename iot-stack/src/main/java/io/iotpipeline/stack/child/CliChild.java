package io.iotpipeline.stack.child;

import io.iotpipeline.stack.ProcessSignals;
import io.iotpipeline.stack.StackException;
import io.iotpipeline.stack.spark.SparkJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code iot} subcommand run as a child JVM on this JVM's own classpath, its output in a log
 * file. The benchmarks use it to put each part of the pipeline in its own process, as a deployment
 * does: a part's garbage collections then pause only that part. A Spark job started by the {@link
 * io.iotpipeline.stack.spark.SparkJobLauncher} can be watched the same way.
 */
public final class CliChild implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  private final Runnable stop;

  private CliChild(String name, Process process, Path log, Runnable stop) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stop = stop;
  }

  /**
   * Starts {@code iot <arguments>}; its stdout and stderr go to {@code log}.
   *
   * @param iotMainClass the {@code iot} command's main class (the CLI passes its own: this module
   *     cannot name it)
   */
  public static CliChild launch(String name, String iotMainClass, List<String> arguments, Path log)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        ChildJvm.launch(
            ChildJvm.command(
                List.of(), System.getProperty("java.class.path"), iotMainClass, arguments),
            Map.of(),
            ProcessBuilder.Redirect.to(log.toFile()));
    return attach(name, process, log);
  }

  /** Watches a Spark job whose output goes to {@code log}; closing this stops the job. */
  public static CliChild of(String name, SparkJob job, Path log) {
    return new CliChild(name, job.process(), log, job::close);
  }

  /** Watches a started process whose output goes to {@code log}; closing this stops it. */
  public static CliChild attach(String name, Process process, Path log) {
    return new CliChild(name, process, log, () -> ChildJvm.stop(process));
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash: no shutdown hook runs. Returns once the process is gone. */
  public void kill() {
    ProcessSignals.kill(process.toHandle(), name);
  }

  /** The last line of the child's output that matches {@code pattern}, matched. */
  public Optional<Matcher> lastOutput(Pattern pattern) {
    List<String> lines = lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher matcher = pattern.matcher(lines.get(i));
      if (matcher.find()) {
        return Optional.of(matcher);
      }
    }
    return Optional.empty();
  }

  /** Fails with the end of the child's output if it has exited. */
  public void checkAlive() {
    if (!process.isAlive()) {
      throw new StackException(
          name
              + " exited with code "
              + process.exitValue()
              + "; its output ("
              + log
              + ") ends with:\n"
              + tail(20));
    }
  }

  /**
   * Waits until a line of the child's output matches {@code pattern} and returns the match; fails
   * with the log's tail if the child exits or the time runs out first.
   */
  public Matcher awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    LogLines lines = new LogLines(log);
    while (true) {
      for (String line : lines.next()) {
        Matcher matcher = pattern.matcher(line);
        if (matcher.find()) {
          return matcher;
        }
      }
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new StackException(
            name
                + " did not get ready within "
                + timeout.toSeconds()
                + " s; its output ("
                + log
                + ") ends with:\n"
                + tail(20));
      }
      Thread.sleep(100);
    }
  }

  /** The complete lines a log file gains, each call reading on from where the previous stopped. */
  private static final class LogLines {
    private final Path file;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long offset;

    LogLines(Path file) {
      this.file = file;
    }

    List<String> next() {
      byte[] fresh;
      try (InputStream in = Files.newInputStream(file)) {
        in.skipNBytes(offset);
        fresh = in.readAllBytes(); // up to the current end of the file
      } catch (IOException e) {
        return List.of(); // not created yet, or shorter than before (not ours to interpret)
      }
      offset += fresh.length;
      List<String> lines = new ArrayList<>();
      for (byte b : fresh) {
        if (b == '\n') {
          lines.add(partial.toString(StandardCharsets.UTF_8));
          partial.reset();
        } else {
          partial.write(b);
        }
      }
      return lines;
    }
  }

  public String tail(int count) {
    List<String> lines = lines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** SIGTERM (the commands stop cleanly on it), then SIGKILL after a grace period. */
  @Override
  public void close() {
    stop.run();
  }
}
