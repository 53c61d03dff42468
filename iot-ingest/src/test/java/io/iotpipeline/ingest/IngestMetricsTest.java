package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

  private Instant now = Instant.parse("2026-11-28T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void computesRatesOverTheIntervalSinceTheLastTick() {
    IngestMetrics metrics = new IngestMetrics(clock);
    metrics.recordsPolled(1000);
    metrics.batchWritten(500, TimeUnit.MILLISECONDS.toNanos(4));
    now = now.plus(Duration.ofSeconds(2));

    IngestMetrics.Snapshot first = metrics.tick();
    assertThat(first.recordsPerSecond()).isCloseTo(500, within(0.01));
    assertThat(first.rowsPerSecond()).isCloseTo(250, within(0.01));
    assertThat(first.batchP99Millis()).isCloseTo(4, within(0.05));

    now = now.plus(Duration.ofSeconds(1));
    IngestMetrics.Snapshot second = metrics.tick();
    assertThat(second.recordsPerSecond()).isZero();
    assertThat(second.records()).isEqualTo(1000);
    assertThat(metrics.latest()).isSameAs(second);
  }

  @Test
  void measuresEndToEndLatencyFromTheProduceTime() {
    IngestMetrics metrics = new IngestMetrics(clock);
    for (int i = 1; i <= 100; i++) {
      metrics.rowStored(10_000, 10_000 + i);
    }
    double[] percentiles = metrics.endToEndPercentiles();
    assertThat(percentiles[0]).isCloseTo(50, within(1.0));
    assertThat(percentiles[1]).isCloseTo(99, within(1.0));
  }

  @Test
  void knowsWhenWritesAreStalled() {
    IngestMetrics metrics = new IngestMetrics(clock);
    metrics.batchStalled(true);
    assertThat(metrics.tick().writesStalled()).isTrue();
    metrics.batchStalled(false);
    assertThat(metrics.tick().writesStalled()).isFalse();
  }
}
