package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.analytics.AlertThresholds;
import io.iotpipeline.config.Durations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AnalyticsCommandTest {

  private static AnalyticsCommand.Stream parseStream(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "analytics";
    args[1] = "stream";
    System.arraycopy(options, 0, args, 2, options.length);
    CommandLine.ParseResult result = IotCommand.commandLine().parseArgs(args);
    return (AnalyticsCommand.Stream) result.subcommand().subcommand().commandSpec().userObject();
  }

  /** The value following {@code --name} in a job command line. */
  private static String valueOf(List<String> args, String name) {
    int at = args.indexOf(name);
    assertThat(at).as("%s in %s", name, args).isNotNegative();
    return args.get(at + 1);
  }

  @Test
  void alertFlagsReachTheStreamingJobsArguments() {
    List<String> args = parseStream("--temperature-high", "38.5", "--temperature-low=-5",
        "--humidity-high", "80", "--humidity-low", "12", "--spike-rate", "1.5",
        "--stuck-readings", "20", "--stuck-epsilon", "0.01", "--silence", "2m")
        .jobArguments(Path.of("/tmp/checkpoints"));

    assertThat(args.get(0)).isEqualTo("stream");
    assertThat(valueOf(args, "--temperature-high")).isEqualTo("38.5");
    assertThat(valueOf(args, "--temperature-low")).isEqualTo("-5.0");
    assertThat(valueOf(args, "--humidity-high")).isEqualTo("80.0");
    assertThat(valueOf(args, "--humidity-low")).isEqualTo("12.0");
    assertThat(valueOf(args, "--spike-rate")).isEqualTo("1.5");
    assertThat(valueOf(args, "--stuck-readings")).isEqualTo("20");
    assertThat(valueOf(args, "--stuck-epsilon")).isEqualTo("0.01");
    assertThat(valueOf(args, "--silence")).isEqualTo("2m");
    assertThat(valueOf(args, "--checkpoint-dir")).isEqualTo(Path.of("/tmp/checkpoints").toString());
  }

  @Test
  void withoutAlertFlagsTheJobGetsTheJobsOwnDefaults() {
    List<String> args = parseStream().jobArguments(Path.of("/tmp/checkpoints"));

    AlertThresholds defaults = AlertThresholds.defaults();
    assertThat(new AlertThresholds(
        Double.parseDouble(valueOf(args, "--temperature-high")),
        Double.parseDouble(valueOf(args, "--temperature-low")),
        Double.parseDouble(valueOf(args, "--humidity-high")),
        Double.parseDouble(valueOf(args, "--humidity-low")),
        Double.parseDouble(valueOf(args, "--spike-rate")),
        Integer.parseInt(valueOf(args, "--stuck-readings")),
        Double.parseDouble(valueOf(args, "--stuck-epsilon")),
        Durations.parse(valueOf(args, "--silence")))).isEqualTo(defaults);
  }

  @Test
  void helpShowsTheAlertFlagsWithTheirDefaults() {
    CommandLine commandLine = IotCommand.commandLine();
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));

    assertThat(commandLine.execute("analytics", "stream", "--help")).isZero();

    assertThat(out.toString()).contains("Alert rules:")
        .containsPattern("--temperature-high=C\\s+Threshold alert above this temperature, °C\\s+\\(default 45.0\\)")
        .contains("--silence=DURATION").contains("(default 60s)")
        .contains("--stuck-readings=N");
  }

  @Test
  void aNonNumericThresholdIsAUsageError() {
    CommandLine commandLine = IotCommand.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));

    assertThat(commandLine.execute("analytics", "stream", "--spike-rate", "fast")).isEqualTo(2);
    assertThat(err.toString()).contains("--spike-rate").contains("fast");
  }
}
