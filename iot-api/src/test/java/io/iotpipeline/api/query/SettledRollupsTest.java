package io.iotpipeline.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SettledRollupsTest {

  private static final Instant HORIZON = Instant.parse("2026-11-28T11:45:00Z");

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger loads = new AtomicInteger();

  private static SettledRollups.Key key(int sensor) {
    return new SettledRollups.Key(Resolution.MINUTE, sensor, LocalDate.of(2026, 11, 28));
  }

  /** Minute points from 00:00 up to (not including) the horizon, newest first. */
  private CompletableFuture<List<SeriesPoint>> load(Instant before) {
    loads.incrementAndGet();
    List<SeriesPoint> points = new ArrayList<>();
    for (Instant t = before.minus(Duration.ofMinutes(1));
        !t.isBefore(Instant.parse("2026-11-28T00:00:00Z"));
        t = t.minus(Duration.ofMinutes(1))) {
      points.add(new SeriesPoint(t.toEpochMilli(), 20, 50, 19, 21, 60));
    }
    return CompletableFuture.completedFuture(points);
  }

  @Test
  void aPartitionIsReadOnceWhileItsEntryLives() {
    SettledRollups cache = new SettledRollups(8, Duration.ofSeconds(60), nanos::get);

    SettledRollups.Entry first = cache.get(key(1), HORIZON, this::load).join();
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    SettledRollups.Entry second = cache.get(key(1), HORIZON.plusSeconds(59), this::load).join();

    assertThat(second).isSameAs(first);
    assertThat(second.settledBefore()).isEqualTo(HORIZON);
    assertThat(loads).hasValue(1);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void anExpiredEntryIsReadAgainUpToTheNewHorizon() {
    SettledRollups cache = new SettledRollups(8, Duration.ofSeconds(60), nanos::get);
    cache.get(key(1), HORIZON, this::load).join();

    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    SettledRollups.Entry reloaded = cache.get(key(1), HORIZON.plusSeconds(60), this::load).join();

    assertThat(loads).hasValue(2);
    assertThat(reloaded.settledBefore()).isEqualTo(HORIZON.plusSeconds(60));
    assertThat(reloaded.newestFirst()).hasSize(11 * 60 + 46);
  }

  @Test
  void theLeastRecentlyUsedPartitionGoesBeyondCapacity() {
    SettledRollups cache = new SettledRollups(2, Duration.ofSeconds(60), nanos::get);
    cache.get(key(1), HORIZON, this::load).join();
    cache.get(key(2), HORIZON, this::load).join();
    cache.get(key(1), HORIZON, this::load).join(); // 1 is now the most recently used
    cache.get(key(3), HORIZON, this::load).join(); // evicts 2

    cache.get(key(1), HORIZON, this::load).join();
    cache.get(key(2), HORIZON, this::load).join();

    assertThat(loads).hasValue(4);
  }

  @Test
  void concurrentMissesShareOneReadAndAFailedReadIsNotKept() {
    SettledRollups cache = new SettledRollups(8, Duration.ofSeconds(60), nanos::get);
    CompletableFuture<List<SeriesPoint>> pending = new CompletableFuture<>();
    CompletableFuture<SettledRollups.Entry> first =
        cache.get(
            key(1),
            HORIZON,
            before -> {
              loads.incrementAndGet();
              return pending;
            });
    CompletableFuture<SettledRollups.Entry> second = cache.get(key(1), HORIZON, this::load);
    assertThat(second).isSameAs(first);
    assertThat(loads).hasValue(1);

    pending.completeExceptionally(new IllegalStateException("Cassandra timed out"));
    assertThatThrownBy(first::join).isInstanceOf(CompletionException.class);
    SettledRollups.Entry retried = cache.get(key(1), HORIZON, this::load).join();

    assertThat(loads).hasValue(2);
    assertThat(retried.newestFirst()).isNotEmpty();
  }

  @Test
  void zeroCapacityReadsEveryTime() {
    SettledRollups cache = new SettledRollups(0, Duration.ofSeconds(60), nanos::get);

    cache.get(key(1), HORIZON, this::load).join();
    cache.get(key(1), HORIZON, this::load).join();

    assertThat(cache.enabled()).isFalse();
    assertThat(loads).hasValue(2);
  }

  @Test
  void withinGivesTheRangeNewestFirstUpToTheWantedCount() {
    SettledRollups cache = new SettledRollups(8, Duration.ofSeconds(60), nanos::get);
    SettledRollups.Entry entry = cache.get(key(1), HORIZON, this::load).join();

    List<SeriesPoint> hour =
        entry.within(
            Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-28T10:59:59Z"), 1000);
    List<SeriesPoint> capped =
        entry.within(
            Instant.parse("2026-11-28T10:00:00Z"), Instant.parse("2026-11-28T23:00:00Z"), 5);

    assertThat(hour).hasSize(60);
    assertThat(hour.get(0).t()).isEqualTo(Instant.parse("2026-11-28T10:59:00Z").toEpochMilli());
    assertThat(hour.get(59).t()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z").toEpochMilli());
    assertThat(capped)
        .extracting(SeriesPoint::t)
        .containsExactly(
            Instant.parse("2026-11-28T11:44:00Z").toEpochMilli(),
            Instant.parse("2026-11-28T11:43:00Z").toEpochMilli(),
            Instant.parse("2026-11-28T11:42:00Z").toEpochMilli(),
            Instant.parse("2026-11-28T11:41:00Z").toEpochMilli(),
            Instant.parse("2026-11-28T11:40:00Z").toEpochMilli());
  }
}
