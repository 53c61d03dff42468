package io.iotpipeline.chaos;

import io.iotpipeline.stack.child.CliChild;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingester under test: {@code iot ingest} as a child process, as a deployment runs it, with the
 * run's settings file. Each start is a new incarnation with a log of its own; the rows each one
 * reported storing add up to the deliveries the upserts absorbed.
 */
final class IngesterSupervisor extends Supervisor {

  /** The progress line's running total and the final summary's. */
  private static final Pattern ROWS =
      Pattern.compile("rows\\s+([\\d,]+)\\s+DLQ|([\\d,]+) rows stored");

  private final String iotMainClass;
  private final Path settingsFile;
  private final String group;
  private final Path logs;

  IngesterSupervisor(String iotMainClass, Path settingsFile, String group, Path logs) {
    this.iotMainClass = iotMainClass;
    this.settingsFile = settingsFile;
    this.group = group;
    this.logs = logs;
  }

  @Override
  String name() {
    return "the ingester";
  }

  @Override
  CliChild launch(int number) throws IOException {
    return CliChild.launch(
        "the ingester",
        iotMainClass,
        List.of(
            "ingest", "--config", settingsFile.toString(), "--group", group, "--progress", "1s"),
        logs.resolve(String.format(Locale.ROOT, "ingest-%d.log", number)));
  }

  /**
   * Rows the incarnations reported storing, in all: a lower bound, since a killed one stored rows
   * after its last progress line (at most a second's worth) that no line reports.
   */
  long rowsReported() {
    long total = 0;
    for (CliChild child : incarnations()) {
      total += child.lastOutput(ROWS).map(IngesterSupervisor::rows).orElse(0L);
    }
    return total;
  }

  private static long rows(Matcher matcher) {
    String digits = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    return Long.parseLong(digits.replace(",", ""));
  }
}
