package io.iotpipeline.analytics.options;

import io.iotpipeline.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The SQL job's options, declared once for {@code ./iot sql} (which checks and forwards them) and
 * AnalyticsMain (which runs the statements). Free of Spark, so the CLI can load it.
 */
public final class SqlOptions {

  /** How results are printed. */
  public enum Format {
    TABLE,
    CSV,
    JSON;

    static Format parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--format must be table, csv or json, got '" + text + "'");
      }
    }
  }

  @Option(
      names = {"-e", "--execute"},
      paramLabel = "QUERY",
      description = "Run these statements (separated by ;) and exit.")
  String execute;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Run the statements of this file (separated by ;) and exit.")
  Path file;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "table|csv|json",
      description =
          "Result format: an aligned table, CSV with a header, or one JSON object per line"
              + " (default ${DEFAULT-VALUE}).")
  String format = "table";

  @Option(
      names = "--debug",
      description = "Print the stack trace of a failed statement, and Spark's warnings.")
  boolean debug;

  @Option(names = "--no-progress", description = "No progress line on stderr while Spark works.")
  boolean noProgress;

  /** The statements given with -e, or null. */
  public String execute() {
    return execute;
  }

  /** The script given with -f, absolute, or null. */
  public Path file() {
    return file == null ? null : file.toAbsolutePath();
  }

  public Format format() {
    return Format.parse(format);
  }

  public boolean debug() {
    return debug;
  }

  public boolean progress() {
    return !noProgress;
  }

  /** Fails with a ConfigException on options that cannot run: what a parent checks first. */
  public void check() {
    format();
    if (execute != null && file != null) {
      throw new ConfigException("give -e QUERY or -f FILE, not both");
    }
    if (file != null && !Files.isReadable(file)) {
      throw new ConfigException("cannot read the SQL file " + file.toAbsolutePath());
    }
  }

  /** These options as AnalyticsMain's arguments. */
  public List<String> arguments() {
    List<String> arguments = new ArrayList<>(List.of("--format", format().name()));
    if (execute != null) {
      arguments.addAll(List.of("--execute", execute));
    }
    if (file != null) {
      arguments.addAll(List.of("--file", file().toString()));
    }
    if (debug) {
      arguments.add("--debug");
    }
    if (noProgress) {
      arguments.add("--no-progress");
    }
    return arguments;
  }
}
