package io.iotpipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SensorDayTest {

  @Test
  void theDayIsTheUtcCalendarDayOfTheInstant() {
    for (String time :
        new String[] {
          "2026-01-01T00:00:00Z",
          "2025-12-31T23:59:59.999Z",
          "1969-12-31T23:59:59.999Z",
          "1970-01-01T00:00:00Z",
          "2026-11-28T12:34:56.789Z"
        }) {
      Instant instant = Instant.parse(time);
      LocalDate expected = LocalDate.ofInstant(instant, ZoneOffset.UTC);

      assertThat(SensorDay.utcDay(instant)).isEqualTo(expected);
      assertThat(SensorDay.utcDay(instant.toEpochMilli())).isEqualTo(expected);
      assertThat(SensorDay.utcEpochDay(instant.toEpochMilli())).isEqualTo(expected.toEpochDay());
    }
  }

  @Test
  void instantsBeyondTheRangeOfEpochMillisHaveADay() {
    LocalDate farOff = LocalDate.of(300_000_000, 1, 1);

    assertThat(SensorDay.utcDay(farOff.atStartOfDay(ZoneOffset.UTC).toInstant())).isEqualTo(farOff);
    assertThat(SensorDay.utcDay(farOff.atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)))
        .isEqualTo(farOff.minusDays(1));
  }

  @Test
  void aReadingsPartitionIsItsSensorAndTheDayOfItsEventTime() {
    SensorReading reading = SensorReading.of(7, Instant.parse("2026-03-01T23:59:59.999Z"), 20, 50);

    assertThat(SensorDay.of(reading.sensorId(), reading.timestamp()))
        .isEqualTo(new SensorDay(7, LocalDate.of(2026, 3, 1)));
    assertThat(reading.day()).isEqualTo(LocalDate.of(2026, 3, 1));
  }

  @Test
  void aDayStartsAtUtcMidnight() {
    assertThat(SensorDay.startOf(LocalDate.of(2026, 3, 1)))
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
  }
}
