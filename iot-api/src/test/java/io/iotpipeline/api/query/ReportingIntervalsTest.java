package io.iotpipeline.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReportingIntervalsTest {

  private static final Instant LATEST = Instant.parse("2026-11-28T10:00:00Z");

  private final AtomicLong nanos = new AtomicLong(0);
  private final List<Integer> measured = new ArrayList<>();
  private final ReportingIntervals intervals =
      new ReportingIntervals(
          (sensor, latest) -> {
            measured.add(sensor);
            return Duration.ofSeconds(sensor);
          },
          nanos::get);

  @Test
  void measuresEachSensorOnceWithinTheTtl() {
    assertThat(intervals.of(2, LATEST)).isEqualTo(Duration.ofSeconds(2));
    nanos.addAndGet(ReportingIntervals.TTL.toNanos());
    assertThat(intervals.of(2, LATEST)).isEqualTo(Duration.ofSeconds(2));
    assertThat(intervals.of(3, LATEST)).isEqualTo(Duration.ofSeconds(3));

    assertThat(measured).containsExactly(2, 3);
  }

  @Test
  void measuresAgainOnceTheTtlHasPassed() {
    intervals.of(2, LATEST);
    nanos.addAndGet(ReportingIntervals.TTL.toNanos() + 1);
    intervals.of(2, LATEST);

    assertThat(measured).containsExactly(2, 2);
  }
}
