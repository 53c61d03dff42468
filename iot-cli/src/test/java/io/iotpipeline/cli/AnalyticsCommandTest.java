package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.analytics.AlertThresholds;
import io.iotpipeline.analytics.options.JobCommandLine;
import io.iotpipeline.config.Settings;
import io.iotpipeline.process.ParentWatchdog;
import io.iotpipeline.stack.spark.SparkJobLauncher;
import io.iotpipeline.stack.spark.SparkJobSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyticsCommandTest {

  @TempDir Path directory;

  private static AnalyticsCommand.Stream parseStream(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "analytics";
    args[1] = "stream";
    System.arraycopy(options, 0, args, 2, options.length);
    CommandLine.ParseResult result = IotCommand.commandLine().parseArgs(args);
    return (AnalyticsCommand.Stream) result.subcommand().subcommand().commandSpec().userObject();
  }

  /** What the Spark child parses, from the command line and settings file the parent prepared. */
  private static JobCommandLine.StreamJob childOf(AnalyticsCommand.Stream stream) {
    Settings settings = stream.settings();
    SparkJobLauncher.Prepared prepared =
        new SparkJobLauncher(settings)
            .prepare(stream.job.spec("stream", stream.jobArguments(settings)));
    return (JobCommandLine.StreamJob)
        JobCommandLine.parse(prepared.jobArguments().toArray(String[]::new));
  }

  private Path configFile(String content) throws IOException {
    Path file = directory.resolve("iot.properties");
    Files.writeString(file, content + "data-dir=" + directory.resolve("data") + "\n");
    return file;
  }

  @Test
  void aSettingGivenOnlyInAConfigFileReachesTheStreamingJobsParsedOptions() throws IOException {
    Path config =
        configFile(
            """
        analytics.watermark=45s
        analytics.alert.silence=90s
        kafka.alerts-topic=alerts-from-file
        cassandra.ttl=7d
        """);

    JobCommandLine.StreamJob job = childOf(parseStream("--config", config.toString()));

    assertThat(job.config().watermark()).isEqualTo(Duration.ofSeconds(45));
    assertThat(job.limits().silence()).isEqualTo(Duration.ofSeconds(90));
    assertThat(job.config().kafka().alertsTopic()).isEqualTo("alerts-from-file");
    assertThat(job.config().cassandra().defaultTtl()).isEqualTo(Duration.ofDays(7));
    assertThat(job.config().trigger()).isEqualTo(Duration.ofSeconds(5)); // the default
  }

  @Test
  void alertFlagsOverrideTheConfigFileInTheJob() throws IOException {
    Path config = configFile("analytics.alert.temperature-high=50.0\nanalytics.trigger=9s\n");

    JobCommandLine.StreamJob job =
        childOf(
            parseStream(
                "--config",
                config.toString(),
                "--temperature-high",
                "38.5",
                "--temperature-low=-5",
                "--humidity-high",
                "80",
                "--humidity-low",
                "12",
                "--spike-rate",
                "1.5",
                "--stuck-readings",
                "20",
                "--stuck-epsilon",
                "0.01",
                "--silence",
                "2m",
                "--trigger",
                "2s",
                "--checkpoint-dir",
                "/tmp/checkpoints",
                "--available-now"));

    assertThat(job.limits())
        .isEqualTo(
            new AlertThresholds(38.5, -5.0, 80.0, 12.0, 1.5, 20, 0.01, Duration.ofMinutes(2)));
    assertThat(job.config().trigger()).isEqualTo(Duration.ofSeconds(2));
    assertThat(job.config().checkpointDir()).isEqualTo(Path.of("/tmp/checkpoints").toString());
    assertThat(job.availableNow()).isTrue();
  }

  @Test
  void withoutFlagsTheJobGetsTheSettingsDefaults() throws IOException {
    JobCommandLine.StreamJob job = childOf(parseStream("--config", configFile("").toString()));

    assertThat(job.limits()).isEqualTo(AlertThresholds.defaults());
    assertThat(job.config().watermark()).isEqualTo(Duration.ofSeconds(30));
    assertThat(job.config().startingOffsets()).isEqualTo("earliest");
    assertThat(job.config().checkpointDir())
        .isEqualTo(
            directory
                .resolve("data")
                .resolve("checkpoints")
                .resolve("analytics-stream")
                .toString());
  }

  @Test
  void theStreamingJobUsesTheLocalStackPortsLikeEveryCommand() throws IOException {
    JobCommandLine.StreamJob job =
        childOf(
            parseStream(
                "--config",
                configFile("").toString(),
                "-D",
                "stack.kafka-port=19092",
                "-D",
                "stack.cassandra-port=19042"));

    assertThat(job.config().kafka().bootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(job.config().cassandra().contactPoints())
        .extracting(a -> a.getPort())
        .containsExactly(19042);
  }

  @Test
  void settingsTravelInAnOwnerOnlyFileNotOnTheCommandLine() throws IOException {
    Settings settings =
        Settings.defaults()
            .with(
                Map.of(
                    "api.token", "s3cret-token", "data-dir", directory.resolve("data").toString()));

    SparkJobLauncher.Prepared prepared =
        new SparkJobLauncher(settings).prepare(SparkJobSpec.local("stream", java.util.List.of()));

    assertThat(String.join(" ", prepared.command()))
        .doesNotContain("s3cret-token")
        .contains(ParentWatchdog.jvmOption(ProcessHandle.current().pid()))
        .contains("-Diot.job=analytics-stream");
    assertThat(prepared.settingsFile()).startsWith(directory.resolve("data").resolve("run"));
    assertThat(Files.readString(prepared.settingsFile())).contains("api.token=s3cret-token");
    assertThat(Files.getPosixFilePermissions(prepared.settingsFile()))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThat(prepared.jobArguments())
        .containsSequence("--settings-file", prepared.settingsFile().toString());
  }

  @Test
  void helpShowsTheAlertFlagsWithTheirDefaults() {
    CommandLine commandLine = IotCommand.commandLine();
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));

    assertThat(commandLine.execute("analytics", "stream", "--help")).isZero();

    assertThat(out.toString())
        .contains("Alert rules:")
        .containsPattern(
            "--temperature-high=C\\s+Threshold alert above this temperature, °C\\s+\\(default 45.0\\)")
        .contains("--silence=DURATION")
        .contains("(default 60s)")
        .containsPattern("--trigger=<trigger>\\s+Micro-batch interval \\(default 5s\\)")
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

  @Test
  void anInvalidStreamSettingFailsBeforeAnySparkJvmStarts() throws IOException {
    CommandLine commandLine = IotCommand.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));
    long childrenBefore = ProcessHandle.current().children().count();

    int exitCode =
        commandLine.execute(
            "analytics",
            "stream",
            "--config",
            configFile("").toString(),
            "--starting-offsets",
            "middle");

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString()).contains("earliest or latest");
    assertThat(ProcessHandle.current().children().count()).isEqualTo(childrenBefore);
  }
}
