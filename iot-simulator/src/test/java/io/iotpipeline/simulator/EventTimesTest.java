package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimesTest {

  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  @Test
  void parsesNowRelativeIsoDatesAndEpochSeconds() {
    assertThat(EventTimes.parse("now", NOW)).isEqualTo(NOW);
    assertThat(EventTimes.parse("now-2h", NOW)).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    assertThat(EventTimes.parse("now+30m", NOW)).isEqualTo(Instant.parse("2026-11-20T12:30:00Z"));
    assertThat(EventTimes.parse("2026-11-01T08:00:00.250Z", NOW))
        .isEqualTo(Instant.parse("2026-11-01T08:00:00.250Z"));
    assertThat(EventTimes.parse("2026-11-01", NOW))
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(EventTimes.parse("1732780000.123", NOW))
        .isEqualTo(Instant.ofEpochMilli(1732780000123L));
  }

  @Test
  void parsesBackfillRanges() {
    EventTimes.Range range = EventTimes.parseRange("now-1d..now", NOW);

    assertThat(range.from()).isEqualTo(Instant.parse("2026-11-19T12:00:00Z"));
    assertThat(range.to()).isEqualTo(NOW);
    assertThatThrownBy(() -> EventTimes.parseRange("now..now-1h", NOW))
        .hasMessageContaining("empty range");
    assertThatThrownBy(() -> EventTimes.parseRange("yesterday", NOW))
        .hasMessageContaining("FROM..TO");
  }

  @Test
  void parsesFractionsAndPercentages() {
    assertThat(EventTimes.parseFraction("0.001")).isEqualTo(0.001);
    assertThat(EventTimes.parseFraction("2.5%")).isEqualTo(0.025);
    assertThatThrownBy(() -> EventTimes.parseFraction("150%"))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> EventTimes.parseFraction("lots"))
        .hasMessageContaining("not a fraction");
    assertThatThrownBy(() -> EventTimes.parse("tomorrow", NOW)).hasMessageContaining("not a time");
  }
}
