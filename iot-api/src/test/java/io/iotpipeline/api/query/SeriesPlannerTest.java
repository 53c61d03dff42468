package io.iotpipeline.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
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
}
