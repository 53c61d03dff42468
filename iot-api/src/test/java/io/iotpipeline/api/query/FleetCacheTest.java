package io.iotpipeline.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.api.query.Records.LatestReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FleetCacheTest {

  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicLong nanos = new AtomicLong();

  private FleetCache cache() {
    return new FleetCache(
        () ->
            List.of(new LatestReading(loads.incrementAndGet(), Instant.EPOCH, 20, 50, null, null)),
        (sensors, asOf) -> new byte[] {(byte) sensors.get(0).sensorId()},
        Duration.ofSeconds(1),
        Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC),
        nanos::get);
  }

  @Test
  void readsCassandraAtMostOncePerMaxAge() {
    try (FleetCache cache = cache()) {
      for (int i = 0; i < 100; i++) {
        nanos.addAndGet(5_000_000);
        cache.get();
      }
      assertThat(loads.get()).isEqualTo(1);
    }
  }

  @Test
  void servesTheStaleSnapshotWhileOneBackgroundRefreshRuns() {
    try (FleetCache cache = cache()) {
      assertThat(cache.get().sensors().get(0).sensorId()).isEqualTo(1);
      nanos.addAndGet(Duration.ofMillis(1500).toNanos());

      assertThat(cache.get().sensors().get(0).sensorId()).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> cache.get().sensors().get(0).sensorId() == 2);
      assertThat(loads.get()).isEqualTo(2);
      assertThat(cache.get().rendered())
          .containsExactly(2); // rendered with its load, not per request
    }
  }

  @Test
  void aLongIdleCacheLoadsBeforeAnswering() {
    try (FleetCache cache = cache()) {
      cache.get();
      nanos.addAndGet(Duration.ofSeconds(60).toNanos());

      assertThat(cache.get().sensors().get(0).sensorId()).isEqualTo(2);
    }
  }
}
