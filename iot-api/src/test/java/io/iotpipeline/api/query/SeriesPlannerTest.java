package io.iotpipeline.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.config.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SeriesPlannerTest {

  private static final Instant END = Instant.parse("2026-11-28T12:00:00Z");
  private static final Duration TEN_PER_SECOND = Duration.ofMillis(100);
  private final SeriesPlanner planner = new SeriesPlanner(3000);

  private static TimeRange last(Duration length) {
    return new TimeRange(END.minus(length), END);
  }

  @Test
  void aFewMinutesOfAFastSensorAreRawReadings() {
    SeriesPlanner.Plan plan = planner.plan(last(Duration.ofMinutes(4)), null, TEN_PER_SECOND);

    assertThat(plan.resolution()).isEqualTo(Resolution.RAW);
    assertThat(plan.estimatedPoints()).isEqualTo(2401);
    assertThat(plan.truncated()).isFalse();
    assertThat(plan.fallbacks()).isEmpty();
  }

  @Test
  void anHourOfAFastSensorIsMinutes() {
    SeriesPlanner.Plan plan = planner.plan(last(Duration.ofHours(1)), null, TEN_PER_SECOND);

    assertThat(plan.resolution()).isEqualTo(Resolution.MINUTE);
    assertThat(plan.estimatedPoints()).isEqualTo(61);
    assertThat(plan.fallbacks()).containsExactly(Resolution.RAW);
  }

  @Test
  void anHourOfASlowSensorIsStillRaw() {
    SeriesPlanner.Plan plan = planner.plan(last(Duration.ofHours(1)), null, Duration.ofSeconds(5));

    assertThat(plan.resolution()).isEqualTo(Resolution.RAW);
    assertThat(plan.estimatedPoints()).isEqualTo(721);
  }

  @Test
  void oneDayIsMinutesAndAMonthIsHoursAndAYearIsDays() {
    assertThat(planner.plan(last(Duration.ofDays(1)), null, TEN_PER_SECOND).resolution())
        .isEqualTo(Resolution.MINUTE);
    assertThat(planner.plan(last(Duration.ofDays(30)), null, TEN_PER_SECOND).resolution())
        .isEqualTo(Resolution.HOUR);
    SeriesPlanner.Plan year = planner.plan(last(Duration.ofDays(365)), null, TEN_PER_SECOND);
    assertThat(year.resolution()).isEqualTo(Resolution.DAY);
    assertThat(year.fallbacks())
        .containsExactly(Resolution.HOUR, Resolution.MINUTE, Resolution.RAW);
  }

  @Test
  void noAutomaticPlanExceedsTheMaximumExceptDaysOverDecades() {
    for (long minutes = 1; minutes < 60L * 24 * 365 * 5; minutes = minutes * 3 / 2 + 1) {
      SeriesPlanner.Plan plan =
          planner.plan(last(Duration.ofMinutes(minutes)), null, TEN_PER_SECOND);
      assertThat(plan.estimatedPoints()).as("%d minutes", minutes).isLessThanOrEqualTo(3000);
    }
  }

  @Test
  void anExplicitResolutionIsKeptAndMarkedTruncatedWhenTooLong() {
    SeriesPlanner.Plan plan =
        planner.plan(last(Duration.ofDays(1)), Resolution.RAW, TEN_PER_SECOND);

    assertThat(plan.resolution()).isEqualTo(Resolution.RAW);
    assertThat(plan.automatic()).isFalse();
    assertThat(plan.estimatedPoints()).isEqualTo(864_001);
    assertThat(plan.limit()).isEqualTo(3000);
    assertThat(plan.truncated()).isTrue();
  }

  @Test
  void aSensorSlowerThanTheStepGivesOnePointPerReading() {
    long points =
        SeriesPlanner.estimatedPoints(
            last(Duration.ofHours(2)), Resolution.MINUTE, Duration.ofMinutes(10));

    assertThat(points).isEqualTo(13);
  }

  @Test
  void rejectsANonPositiveIntervalAndATinyMaximum() {
    assertThatThrownBy(() -> planner.plan(last(Duration.ofHours(1)), null, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SeriesPlanner(5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolutionParsingAcceptsAutoAndNamesAndRejectsTheRest() {
    assertThat(Resolution.parseOrAuto(null)).isNull();
    assertThat(Resolution.parseOrAuto("auto")).isNull();
    assertThat(Resolution.parseOrAuto("Hour")).isEqualTo(Resolution.HOUR);
    assertThatThrownBy(() -> Resolution.parseOrAuto("week"))
        .hasMessageContaining("resolution must be one of");
  }

  /** Raw 2 days, minutes 30 days, hours 1 year, days forever; now is END. */
  private final SeriesPlanner shortLived =
      new SeriesPlanner(
          3000,
          new Retention(
              Duration.ofDays(2), Duration.ofDays(30), Duration.ofDays(365), Duration.ZERO),
          Clock.fixed(END, ZoneOffset.UTC));

  @Test
  void aRangeWithinEveryRetentionKeepsTheTierItsPointsChoose() {
    SeriesPlanner.Plan plan = shortLived.plan(last(Duration.ofMinutes(4)), null, TEN_PER_SECOND);

    assertThat(plan.resolution()).isEqualTo(Resolution.RAW);
  }

  @Test
  void aShortRangeOlderThanTheRawRetentionIsServedFromMinutes() {
    Instant from = END.minus(Duration.ofDays(3));
    TimeRange range = new TimeRange(from, from.plus(Duration.ofMinutes(4)));

    SeriesPlanner.Plan plan = shortLived.plan(range, null, TEN_PER_SECOND);

    assertThat(plan.resolution()).isEqualTo(Resolution.MINUTE);
    assertThat(plan.estimatedPoints()).isEqualTo(5);
    assertThat(plan.fallbacks()).containsExactly(Resolution.RAW);
  }

  @Test
  void aDayTwoMonthsAgoSkipsExpiredRawAndMinutesForHours() {
    Instant from = END.minus(Duration.ofDays(60));
    TimeRange range = new TimeRange(from, from.plus(Duration.ofDays(1)));

    SeriesPlanner.Plan plan = shortLived.plan(range, null, TEN_PER_SECOND);

    assertThat(plan.resolution()).isEqualTo(Resolution.HOUR);
    assertThat(plan.estimatedPoints()).isEqualTo(25);
  }

  @Test
  void aRangeOlderThanEveryFiniteRetentionIsDays() {
    Instant from = END.minus(Duration.ofDays(800));
    TimeRange range = new TimeRange(from, from.plus(Duration.ofHours(1)));

    assertThat(shortLived.plan(range, null, TEN_PER_SECOND).resolution()).isEqualTo(Resolution.DAY);
  }

  @Test
  void whenNoTierReachesBackTheLongestKeptOneServes() {
    SeriesPlanner allFinite =
        new SeriesPlanner(
            3000,
            new Retention(
                Duration.ofDays(2), Duration.ofDays(30), Duration.ofDays(365), Duration.ofDays(90)),
            Clock.fixed(END, ZoneOffset.UTC));
    Instant from = END.minus(Duration.ofDays(800));

    assertThat(
            allFinite
                .plan(new TimeRange(from, from.plus(Duration.ofHours(1))), null, TEN_PER_SECOND)
                .resolution())
        .isEqualTo(Resolution.HOUR);
  }

  @Test
  void anExplicitResolutionIsServedEvenWhenItsRetentionHasPassed() {
    Instant from = END.minus(Duration.ofDays(10));
    TimeRange range = new TimeRange(from, from.plus(Duration.ofMinutes(4)));

    assertThat(shortLived.plan(range, Resolution.RAW, TEN_PER_SECOND).resolution())
        .isEqualTo(Resolution.RAW);
  }
}
