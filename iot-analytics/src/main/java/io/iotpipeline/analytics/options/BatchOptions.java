package io.iotpipeline.analytics.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The batch job's options, for AnalyticsMain and {@code ./iot analytics batch} (which forwards
 * them).
 */
public final class BatchOptions {

  @Option(
      names = "--from",
      required = true,
      paramLabel = "DATE",
      description = "First UTC day (YYYY-MM-DD).")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DATE",
      description = "Last UTC day, inclusive.")
  String to;

  @Option(names = "--top", defaultValue = "5", description = "Sensors per top list (default 5).")
  int top;

  @Option(
      names = "--sensors",
      paramLabel = "ID[,ID...]",
      description = "Only these sensors (default: every sensor in sensors/sensor_latest).")
  String sensors;

  /** These options as AnalyticsMain's arguments. */
  public List<String> arguments() {
    List<String> arguments =
        new ArrayList<>(List.of("--from", from, "--to", to, "--top", Integer.toString(top)));
    if (sensors != null) {
      arguments.addAll(List.of("--sensors", sensors));
    }
    return arguments;
  }
}
