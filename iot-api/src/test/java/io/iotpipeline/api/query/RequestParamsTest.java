package io.iotpipeline.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParamsTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  private Instant parse(String text) {
    return RequestParams.instant("from", text, null, clock);
  }

  @Test
  void readsIsoInstantsOffsetsAndDates() {
    assertThat(parse("2026-11-28T10:00:00Z")).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(parse("2026-11-28T11:00:00+01:00")).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(parse("2026-11-28T10:00:00.123456Z"))
        .isEqualTo(Instant.parse("2026-11-28T10:00:00.123Z"));
    assertThat(parse("2026-11-27")).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
  }

  @Test
  void readsEpochSecondsAndMillisByMagnitude() {
    assertThat(parse("1764331200")).isEqualTo(Instant.parse("2025-11-28T12:00:00Z"));
    assertThat(parse("1764331200.5")).isEqualTo(Instant.parse("2025-11-28T12:00:00.500Z"));
    assertThat(parse("1764331200500")).isEqualTo(Instant.parse("2025-11-28T12:00:00.500Z"));
  }

  @Test
  void readsTimesRelativeToNow() {
    assertThat(parse("-15m")).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
    assertThat(parse("-7d")).isEqualTo(NOW.minus(Duration.ofDays(7)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yesterday",
        "2026-13-01",
        "2026-11-28T25:00:00Z",
        "12abc",
        "-5x",
        "99999999999999999999999",
        "1.5e3"
      })
  void rejectsWhatIsNotATimeWith400(String text) {
    assertThatThrownBy(() -> parse(text))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("from");
  }

  @Test
  void rejectsTimesBefore1970OrAfter2200() {
    assertThatThrownBy(() -> parse("1969-12-31")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> parse("2300-01-01")).hasMessageContaining("out of range");
  }

  @Test
  void aRangeDefaultsToTheLastDayAndRejectsFromAfterTo() {
    TimeRange range = RequestParams.range(null, null, Duration.ofDays(1), clock);
    assertThat(range.from()).isEqualTo(NOW.minus(Duration.ofDays(1)));
    assertThat(range.to()).isEqualTo(NOW);

    assertThatThrownBy(
            () -> RequestParams.range("2026-11-28", "2026-11-27", Duration.ofDays(1), clock))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("is after");
  }

  @Test
  void limitsDefaultTo1000AndMustBeBetween1And10000() {
    assertThat(RequestParams.limit(null)).isEqualTo(1000);
    assertThat(RequestParams.limit("10000")).isEqualTo(10_000);
    for (String bad : new String[] {"0", "-3", "10001", "99999999999", "ten"}) {
      assertThatThrownBy(() -> RequestParams.limit(bad))
          .as(bad)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }

  @Test
  void sensorIdsAreNonNegativeIntegers() {
    assertThat(RequestParams.sensorId("42")).isEqualTo(42);
    assertThatThrownBy(() -> RequestParams.sensorId("-1")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> RequestParams.sensorId("abc")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> RequestParams.sensorId("99999999999"))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void theNextPageEndsJustBeforeTheOldestReading() {
    TimeRange range = new TimeRange(Instant.parse("2026-11-28T00:00:00Z"), NOW);
    assertThat(range.before(Instant.parse("2026-11-28T06:00:00Z")).to())
        .isEqualTo(Instant.parse("2026-11-28T05:59:59.999Z"));
  }
}
