package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.analytics.options.JobCommandLine;
import io.iotpipeline.analytics.options.JobCommandLine.BatchRun;
import io.iotpipeline.analytics.options.JobCommandLine.BenchRun;
import io.iotpipeline.analytics.options.JobCommandLine.StreamJob;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.SettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyticsMainTest {

  @TempDir Path directory;

  private static StreamJob stream(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "stream";
    System.arraycopy(options, 0, args, 1, options.length);
    return (StreamJob) JobCommandLine.parse(args);
  }

  @Test
  void aFailedStreamIsRestartedAfterADelayThatDoublesUpToAMinute() {
    assertThat(
            java.util.stream.IntStream.rangeClosed(1, 7)
                .mapToObj(failures -> AnalyticsMain.restartDelay(failures).toSeconds())
                .toList())
        .containsExactly(5L, 10L, 20L, 40L, 60L, 60L, 60L);
  }

  @Test
  void parsesMasterJarsSettingsAndFlags() {
    StreamJob job =
        stream(
            "--master",
            "spark://127.0.0.1:7077",
            "--available-now",
            "--set",
            "kafka.topic=readings",
            "--trigger=2s",
            "--set",
            "cassandra.keyspace=ks",
            "--jars",
            "/tmp/job.jar",
            "--shuffle-partitions",
            "8");

    assertThat(job.config().master()).isEqualTo("spark://127.0.0.1:7077");
    assertThat(job.availableNow()).isTrue();
    assertThat(job.jars()).isEqualTo("/tmp/job.jar");
    assertThat(job.config().trigger()).isEqualTo(Duration.ofSeconds(2));
    assertThat(job.config().kafka().topic()).isEqualTo("readings");
    assertThat(job.config().cassandra().keyspace()).isEqualTo("ks");
    assertThat(job.config().shufflePartitions()).isEqualTo(8);
  }

  @Test
  void withoutOptionsTheStreamGetsTheSettingsDefaults() {
    StreamJob job =
        stream(
            "--settings-file",
            SettingsFile.write(Settings.defaults(), directory, "defaults-").toString());

    assertThat(job.config().master()).isEqualTo("local[*]");
    assertThat(job.config().trigger()).isEqualTo(Duration.ofSeconds(5));
    assertThat(job.config().watermark()).isEqualTo(Duration.ofSeconds(30));
    assertThat(job.config().startingOffsets()).isEqualTo("earliest");
    assertThat(job.config().maxOffsetsPerTrigger()).isZero();
    assertThat(job.config().shufflePartitions()).isEqualTo(4);
    assertThat(job.limits()).isEqualTo(AlertThresholds.defaults());
    assertThat(job.availableNow()).isFalse();
    assertThat(job.config().checkpointDir())
        .isEqualTo(
            Path.of("./data", "checkpoints", "analytics-stream").toAbsolutePath().toString());
  }

  @Test
  void alertThresholdOptionsBecomeTheJobsThresholdsAndTheRestKeepTheirDefaults() {
    StreamJob job =
        stream(
            "--temperature-high",
            "38.5",
            "--humidity-low=12",
            "--spike-rate",
            "1.5",
            "--stuck-readings",
            "20",
            "--silence",
            "2m");

    AlertThresholds defaults = AlertThresholds.defaults();
    assertThat(job.limits())
        .isEqualTo(
            new AlertThresholds(
                38.5,
                defaults.temperatureLow(),
                defaults.humidityHigh(),
                12.0,
                1.5,
                20,
                defaults.stuckEpsilon(),
                Duration.ofMinutes(2)));
  }

  @Test
  void aSettingOnlyInTheParentsFileReachesTheJobAndTheFileIsDeletedOnceRead() {
    Settings parent =
        Settings.defaults()
            .with(
                Map.of(
                    "analytics.watermark",
                    "45s",
                    "analytics.alert.temperature-high",
                    "40.0",
                    "kafka.topic",
                    "from-parent",
                    "analytics.starting-offsets",
                    "latest"));
    Path file = SettingsFile.write(parent, directory, "stream-");

    StreamJob job = stream("--settings-file", file.toString(), "--delete-settings-file");

    assertThat(job.config().watermark()).isEqualTo(Duration.ofSeconds(45));
    assertThat(job.config().startingOffsets()).isEqualTo("latest");
    assertThat(job.limits().temperatureHigh()).isEqualTo(40.0);
    assertThat(job.config().kafka().topic()).isEqualTo("from-parent");
    assertThat(file).doesNotExist();
  }

  @Test
  void anOptionOverridesTheSameSettingFromTheFile() {
    Path file =
        SettingsFile.write(
            Settings.defaults().with(Map.of("analytics.trigger", "20s")), directory, "stream-");

    StreamJob job = stream("--settings-file", file.toString(), "--trigger", "1s");

    assertThat(job.config().trigger()).isEqualTo(Duration.ofSeconds(1));
    assertThat(file).exists(); // not asked to delete it
  }

  @Test
  void badThresholdsAreRejectedBeforeSparkStarts() {
    assertThatThrownBy(() -> stream("--spike-rate", "fast"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("fast");
    assertThatThrownBy(() -> stream("--temperature-low", "50"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("low must be below high");
    assertThatThrownBy(() -> stream("--starting-offsets", "middle"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("earliest or latest");
  }

  @Test
  void batchNeedsBothDaysAsDates() {
    assertThatThrownBy(() -> JobCommandLine.parse("batch", "--from", "2026-11-28"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--to");
    assertThatThrownBy(() -> JobCommandLine.parse("batch", "--from", "2026-11-28", "--to", "soon"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--to is not a date");

    BatchRun batch =
        (BatchRun)
            JobCommandLine.parse(
                "batch",
                "--from",
                "2026-11-28",
                "--to",
                "2026-11-30",
                "--sensors",
                "3, 5",
                "--top",
                "2");

    assertThat(batch.from()).isEqualTo(LocalDate.of(2026, 11, 28));
    assertThat(batch.to()).isEqualTo(LocalDate.of(2026, 11, 30));
    assertThat(batch.sensors()).containsExactly(3, 5);
    assertThat(batch.top()).isEqualTo(2);
  }

  @Test
  void theBenchNeedsAFileForItsFigures() {
    assertThatThrownBy(() -> JobCommandLine.parse("bench", "--rows", "2000"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--figures-file");

    BenchRun bench =
        (BenchRun)
            JobCommandLine.parse(
                "bench",
                "--rows",
                "2000",
                "--figures-file",
                directory.resolve("figures.json").toString());

    assertThat(bench.rows()).isEqualTo(2000);
    assertThat(bench.sensors()).isEqualTo(1000);
    assertThat(bench.figuresFile()).isEqualTo(directory.resolve("figures.json").toAbsolutePath());
  }

  @Test
  void usageErrorsExitWithTwoWithoutStartingSpark() throws Exception {
    assertThat(AnalyticsMain.run(new String[] {"stream", "--spike-rate", "fast"})).isEqualTo(2);
    assertThat(AnalyticsMain.run(new String[] {"nightly"})).isEqualTo(2);
    assertThat(AnalyticsMain.run(new String[] {})).isEqualTo(2);
  }

  @Test
  void helpShowsTheSettingsDefaults() {
    java.io.StringWriter out = new java.io.StringWriter();
    CommandLine commandLine = JobCommandLine.commandLine();
    commandLine.setOut(new java.io.PrintWriter(out));

    assertThat(commandLine.execute("stream", "--help")).isZero();

    assertThat(out.toString())
        .contains("(default 5s)")
        .contains("(default 30s)")
        .contains("(default 45.0)")
        .contains("Alert rules:");
  }

  @Test
  void theSettingsFileIsOwnerOnly() throws Exception {
    Path file = SettingsFile.write(Settings.defaults(), directory, "perm-");

    assertThat(Files.getPosixFilePermissions(file))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
  }
}
