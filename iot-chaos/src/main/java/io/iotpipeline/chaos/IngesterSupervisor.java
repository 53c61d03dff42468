package io.iotpipeline.chaos;

import io.iotpipeline.stack.child.CliChild;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingester under test: {@code iot ingest} as a child process, as a deployment runs it, with
 * the run's settings file. Each start is a new incarnation with a log of its own; the rows each
 * one reported storing add up to the deliveries the upserts absorbed.
 */
final class IngesterSupervisor implements Supervisor, AutoCloseable {

  /** The progress line's running total and the final summary's. */
  private static final Pattern ROWS = Pattern.compile("rows\\s+([\\d,]+)\\s+DLQ|([\\d,]+) rows stored");

  private final String iotMainClass;
  private final Path settingsFile;
  private final String group;
  private final Path logs;
  private final List<CliChild> incarnations = new ArrayList<>();

  IngesterSupervisor(String iotMainClass, Path settingsFile, String group, Path logs) {
    this.iotMainClass = iotMainClass;
    this.settingsFile = settingsFile;
    this.group = group;
    this.logs = logs;
  }

  @Override
  public String name() {
    return "the ingester";
  }

  @Override
  public synchronized CliChild start() throws IOException {
    Path log = logs.resolve(String.format(Locale.ROOT, "ingest-%d.log", incarnations.size() + 1));
    CliChild child = CliChild.start("the ingester", iotMainClass, List.of("ingest", "--config",
        settingsFile.toString(), "--group", group, "--progress", "1s"), log);
    incarnations.add(child);
    return child;
  }

  @Override
  public synchronized CliChild current() {
    return incarnations.get(incarnations.size() - 1);
  }

  /** SIGKILLs the running incarnation and starts the next; returns the killed PID. */
  synchronized long killAndRestart() throws IOException, InterruptedException {
    CliChild victim = current();
    victim.checkAlive();
    long pid = victim.pid();
    victim.kill();
    start();
    return pid;
  }

  synchronized int incarnations() {
    return incarnations.size();
  }

  /**
   * Rows the incarnations reported storing, in all: a lower bound, since a killed one stored
   * rows after its last progress line (at most a second's worth) that no line reports.
   */
  synchronized long rowsReported() {
    long total = 0;
    for (CliChild child : incarnations) {
      total += child.lastOutput(ROWS).map(IngesterSupervisor::rows).orElse(0L);
    }
    return total;
  }

  private static long rows(Matcher matcher) {
    String digits = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    return Long.parseLong(digits.replace(",", ""));
  }

  /** SIGTERM: the ingester finishes its writes, commits, prints its summary, and exits. */
  @Override
  public synchronized void close() {
    if (!incarnations.isEmpty()) {
      current().close();
    }
  }
}
