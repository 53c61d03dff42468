package io.iotpipeline.analytics.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchBenchmarkTest {

  @TempDir Path directory;

  @Test
  void theFiguresFileIsOneJsonObjectOfTheBenchKeysInSecondsToHundredths() throws Exception {
    Path file = directory.resolve("figures.json");

    BatchBenchmark.write(
        file,
        BatchBenchmark.figures(
            1_000_000, 12.7849, Duration.ofMillis(11_850), Duration.ofMillis(7_015)));

    // iot-bench's AnalyticsFiguresTest reads exactly this text.
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"rollup_rows\":1000000,"
                + "\"rollup_write_s\":12.78,\"rollup_cold_s\":11.85,\"rollup_warm_s\":7.02}");
  }
}
