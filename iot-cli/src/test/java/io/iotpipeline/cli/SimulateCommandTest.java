package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option mistakes are reported before any connection to Kafka is attempted. */
class SimulateCommandTest {

  private static String errorOf(String... args) {
    CommandLine commandLine = IotCommand.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    assertThat(exitCode).isNotZero();
    return err.toString();
  }

  @Test
  void rateAndSpeedupTogetherAreRejected() {
    assertThat(
            errorOf(
                "simulate", "--kafka-bootstrap", "127.0.0.1:1", "--rate", "5", "--speedup", "2"))
        .contains("error: give --rate or --speedup, not both");
  }

  @Test
  void backfillWithStartIsRejectedAndBadTimesAreExplained() {
    assertThat(
            errorOf(
                "simulate",
                "--kafka-bootstrap",
                "127.0.0.1:1",
                "--backfill",
                "now-1h..now",
                "--start",
                "now"))
        .contains("--backfill sets the start and end");
    assertThat(errorOf("simulate", "--kafka-bootstrap", "127.0.0.1:1", "--backfill", "later..now"))
        .contains("not a time");
    assertThat(errorOf("simulate", "--kafka-bootstrap", "127.0.0.1:1", "--spike-rate", "200%"))
        .contains("between 0 and 1");
  }

  @Test
  void theHelpListsNoBenchModeAndTheOptionIsUnknown() {
    String usage = IotCommand.commandLine().getSubcommands().get("simulate").getUsageMessage();

    assertThat(usage).contains("--no-faults").doesNotContain("--bench");
    assertThat(errorOf("simulate", "--bench")).contains("Unknown option: '--bench'");
  }
}
