package io.iotpipeline.analytics.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuSettleTest {

  @Test
  void returnsAfterOneQuietSampleWhenAnyLoadCountsAsQuiet() throws InterruptedException {
    Duration waited = CpuSettle.awaitQuiet(1.01, Duration.ofSeconds(10));
    assertThat(waited).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void givesUpAfterTheTimeoutWhenNoLoadIsQuietEnough() throws InterruptedException {
    Duration waited = CpuSettle.awaitQuiet(-1, Duration.ofMillis(2500));
    assertThat(waited).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
  }
}
