package io.iotpipeline.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DayPartitionsTest {

  private static DayPartitions between(String from, String to) {
    return new DayPartitions(new TimeRange(Instant.parse(from), Instant.parse(to)));
  }

  @Test
  void walksUtcDaysFromTheNewestBackToTheOldest() {
    DayPartitions days = between("2026-11-26T23:30:00Z", "2026-11-28T00:10:00Z");

    assertThat(days.toList())
        .containsExactly(
            LocalDate.parse("2026-11-28"),
            LocalDate.parse("2026-11-27"),
            LocalDate.parse("2026-11-26"));
    assertThat(days.count()).isEqualTo(3);
  }

  @Test
  void aRangeWithinOneDayIsOnePartition() {
    assertThat(between("2026-11-28T01:00:00Z", "2026-11-28T02:00:00Z").toList())
        .containsExactly(LocalDate.parse("2026-11-28"));
  }

  @Test
  void crossesMonthAndYearBoundaries() {
    DayPartitions days = between("2025-12-31T22:00:00Z", "2026-01-01T02:00:00Z");

    assertThat(days.toList())
        .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2025-12-31"));
    assertThat(days.months())
        .containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2025-12-01"));
    assertThat(days.years()).containsExactly(2026, 2025);
  }

  @Test
  void aReaderCanStopEarly() {
    DayPartitions days = between("2026-01-01T00:00:00Z", "2026-11-28T00:00:00Z");
    int visited = 0;
    for (LocalDate ignored : days) {
      if (++visited == 2) {
        break;
      }
    }
    assertThat(visited).isEqualTo(2);
    assertThat(days.count()).isEqualTo(332);
  }
}
