package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IotCommandTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    CommandLine commandLine = IotCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static List<CommandLine> allCommands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    root.getSubcommands().values().forEach(sub -> all.addAll(allCommands(sub)));
    return all;
  }

  @Test
  void everyCommandHasHelpWithADescription() {
    for (CommandLine command : allCommands(IotCommand.commandLine())) {
      if (command.getCommandName().equals("help")) {
        continue;
      }
      List<String> path = new ArrayList<>();
      for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
        path.add(0, c.getCommandName());
      }
      path.add("--help");

      Run result = run(path.toArray(String[]::new));

      assertThat(result.exitCode()).as("exit code of %s", path).isZero();
      String[] description = command.getCommandSpec().usageMessage().description();
      assertThat(description).as("description of %s", path).isNotEmpty();
      // Help text wraps long lines, so compare the description's opening words only.
      String opening =
          description[0].length() > 20 ? description[0].substring(0, 20) : description[0];
      assertThat(result.out()).as("help of %s", path).contains("Usage: iot").contains(opening);
    }
  }

  @Test
  void topLevelHelpListsTheStackCommand() {
    Run result = run("--help");

    assertThat(result.out()).contains("stack").contains("config");
  }

  @Test
  void configShowsValuesAndTheirSources() {
    Run result = run("config", "--kafka-bootstrap", "elsewhere:9092", "-D", "kafka.partitions=12");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("kafka.bootstrap +elsewhere:9092 +\\(flag\\)")
        .containsPattern("kafka.partitions +12 +\\(flag\\)")
        .containsPattern("cassandra.keyspace +iot_keyspace +\\(default\\)");
  }

  @Test
  void configShowsTheLocalStackLayerThatEveryCommandUses() {
    Run result = run("config", "-D", "stack.kafka-port=19092", "-D", "stack.cassandra-port=19042");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern(
            "kafka.bootstrap +127.0.0.1:19092 +\\(local stack \\(stack.kafka-port\\)\\)")
        .containsPattern(
            "cassandra.contact-points +127.0.0.1:19042 +\\(local stack \\(stack.cassandra-port\\)\\)")
        .containsPattern("stack.kafka-port +19092 +\\(flag\\)");
    // The same layer, through the same options, is what the commands run with.
    GlobalOptions global = new GlobalOptions();
    global.settings.put("stack.kafka-port", "19092");
    assertThat(global.load().get("kafka.bootstrap")).isEqualTo("127.0.0.1:19092");
    assertThat(global.loadWithoutLocalStack().get("kafka.bootstrap")).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void anUnknownSettingIsACleanErrorNotAStackTrace() {
    Run result = run("config", "-D", "kafka.bootstrapp=x");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("error: unknown setting 'kafka.bootstrapp'")
        .doesNotContain("Exception");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Run result = run("stack", "up", "--no-such-flag");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--no-such-flag'");
  }
}
