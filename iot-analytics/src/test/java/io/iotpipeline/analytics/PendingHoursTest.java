package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.analytics.PendingHours.SensorHour;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingHoursTest {

  private static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant ELEVEN = Instant.parse("2026-11-20T11:00:00Z");
  private static final Duration DELAY = Duration.ofMinutes(2);

  @Test
  void anHourIsTakenOnceItEndedTheDelayAgoAndOnlyOnce() {
    PendingHours pending = new PendingHours();
    pending.mark(
        List.of(new SensorHour(1, TEN), new SensorHour(2, TEN), new SensorHour(1, ELEVEN)));
    pending.mark(List.of(new SensorHour(1, TEN)));

    assertThat(pending.takeClosed(ELEVEN.plus(Duration.ofMinutes(1)), DELAY)).isEmpty();
    assertThat(pending.takeClosed(ELEVEN.plus(DELAY), DELAY))
        .containsExactlyInAnyOrder(new SensorHour(1, TEN), new SensorHour(2, TEN));
    assertThat(pending.takeClosed(ELEVEN.plus(DELAY), DELAY)).isEmpty();
    assertThat(pending.size()).isEqualTo(1);
  }

  @Test
  void aLateReadingMarksItsClosedHourAgain() {
    PendingHours pending = new PendingHours();
    pending.mark(List.of(new SensorHour(1, TEN)));
    Instant later = ELEVEN.plus(Duration.ofMinutes(30));
    assertThat(pending.takeClosed(later, DELAY)).hasSize(1);

    pending.mark(List.of(new SensorHour(1, TEN)));

    assertThat(pending.takeClosed(later, DELAY)).containsExactly(new SensorHour(1, TEN));
  }

  @Test
  void hoursWithoutStoredReadingsAreRetriedForADayThenGivenUp() {
    PendingHours pending = new PendingHours();

    List<SensorHour> givenUp =
        pending.retry(
            List.of(new SensorHour(1, TEN), new SensorHour(2, TEN.minus(Duration.ofDays(2)))),
            ELEVEN.plus(DELAY));

    assertThat(givenUp).containsExactly(new SensorHour(2, TEN.minus(Duration.ofDays(2))));
    assertThat(pending.takeClosed(ELEVEN.plus(DELAY), DELAY))
        .containsExactly(new SensorHour(1, TEN));
  }
}
