package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  /** A nano clock that only moves when the limiter sleeps (or the test says so). */
  private static final class FakeTime {
    long nanos = 1_000;
    long sleeps;

    RateLimiter limiter(double rate) {
      return new RateLimiter(
          rate,
          () -> nanos,
          slept -> {
            sleeps++;
            nanos += slept;
          });
    }
  }

  @Test
  void pacesPermitsToTheRate() {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(100);

    for (int i = 0; i < 1001; i++) {
      limiter.acquire();
    }

    // Permit 1000 is due 10 s after the first.
    assertThat(time.nanos - 1_000).isEqualTo(10_000_000_000L);
  }

  @Test
  void highRatesSleepInMillisecondSlicesNotPerPermit() {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(1_000_000);

    for (int i = 0; i < 100_000; i++) {
      limiter.acquire();
    }

    assertThat(time.nanos - 1_000).isBetween(99_000_000L, 100_000_000L);
    assertThat(time.sleeps).isLessThanOrEqualTo(100);
  }

  @Test
  void aCallerThatFellBehindCatchesUpWithoutSleeping() {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(10);
    limiter.acquire();
    time.nanos += 5_000_000_000L; // blocked for 5 s: 50 permits are overdue

    for (int i = 0; i < 50; i++) {
      limiter.acquire();
    }

    assertThat(time.sleeps).isZero();
  }

  @Test
  void zeroMeansUnlimited() {
    FakeTime time = new FakeTime();
    RateLimiter limiter = time.limiter(0);

    for (int i = 0; i < 10_000; i++) {
      limiter.acquire();
    }

    assertThat(limiter.isUnlimited()).isTrue();
    assertThat(time.sleeps).isZero();
    assertThatThrownBy(() -> time.limiter(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
