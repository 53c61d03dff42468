package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.analytics.options.JobCommandLine;
import io.iotpipeline.analytics.options.SqlOptions;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SqlCommandTest {

  @TempDir Path directory;

  private static SqlCommand parse(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "sql";
    System.arraycopy(options, 0, args, 1, options.length);
    CommandLine.ParseResult result = IotCommand.commandLine().parseArgs(args);
    return (SqlCommand) result.subcommand().commandSpec().userObject();
  }

  /** What the Spark child parses, from the command line and settings file the parent prepared. */
  private JobCommandLine.SqlRun childOf(SqlCommand sql) {
    Settings settings =
        Settings.defaults()
            .with(
                Map.of(
                    "data-dir", directory.resolve("data").toString(), "kafka.topic", "readings"));
    SparkJobLauncher.Prepared prepared =
        new SparkJobLauncher(settings).prepare(sql.job.spec("sql", sql.options.arguments()));
    return (JobCommandLine.SqlRun)
        JobCommandLine.parse(prepared.jobArguments().toArray(String[]::new));
  }

  @Test
  void theQueryFormatAndMasterReachTheSqlJob() {
    JobCommandLine.SqlRun job =
        childOf(
            parse(
                "--format", "json", "--master", "local[2]", "-e", "SELECT 1; SELECT 2", "--debug"));

    assertThat(job.options().execute()).isEqualTo("SELECT 1; SELECT 2");
    assertThat(job.options().format()).isEqualTo(SqlOptions.Format.JSON);
    assertThat(job.options().debug()).isTrue();
    assertThat(job.options().progress()).isTrue();
    assertThat(job.config().master()).isEqualTo("local[2]");
    assertThat(job.config().kafka().topic()).isEqualTo("readings");
    assertThat(job.historyFile()).isEqualTo(directory.resolve("data/sql-history"));
  }

  @Test
  void aFileIsForwardedAbsoluteAndNeitherOptionMeansThePrompt() throws Exception {
    Path script = Files.writeString(directory.resolve("q.sql"), "SELECT 1;");

    JobCommandLine.SqlRun fromFile = childOf(parse("-f", script.toString(), "--no-progress"));
    JobCommandLine.SqlRun prompt = childOf(parse());

    assertThat(fromFile.options().file()).isEqualTo(script.toAbsolutePath());
    assertThat(fromFile.options().progress()).isFalse();
    assertThat(prompt.options().execute()).isNull();
    assertThat(prompt.options().file()).isNull();
    assertThat(prompt.options().format()).isEqualTo(SqlOptions.Format.TABLE);
  }

  @Test
  void badOptionsFailBeforeASparkJvmStarts() {
    assertThatThrownBy(() -> parse("--format", "xml").options.check())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("table, csv or json");
    assertThatThrownBy(() -> parse("-e", "SELECT 1", "-f", "q.sql").options.check())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () -> parse("-f", directory.resolve("absent.sql").toString()).options.check())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read");
  }
}
