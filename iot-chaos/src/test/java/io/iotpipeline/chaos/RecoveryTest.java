package io.iotpipeline.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.chaos.IngestMonitor.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {

  private static final long SECOND = 1_000_000_000L;

  /** 1,000 offsets/s with a lag of 500, a stall from 20 s to 30 s, then {@code afterRate}. */
  private static List<Sample> stall(long afterRate) {
    List<Sample> samples = new ArrayList<>();
    long committed = 0;
    for (int half = 0; half <= 100; half++) {
      long t = half * SECOND / 2;
      if (t <= 20 * SECOND) {
        committed = half * 500L;
      } else if (t > 30 * SECOND) {
        committed += afterRate / 2;
      }
      samples.add(new Sample(t, committed, committed + 500));
    }
    return samples;
  }

  @Test
  void recoversWhenTheRateAfterTheFaultIsBackAboveHalf() {
    // The fault starts at 20 s and is over at 25 s; commits resume at 30.5 s.
    assertThat(Recovery.seconds(stall(600), 20 * SECOND, 25 * SECOND).getAsDouble())
        .isBetween(10.5, 12.0);
  }

  @Test
  void neverRecoversWhenTheRateStaysBelowHalf() {
    assertThat(Recovery.seconds(stall(400), 20 * SECOND, 25 * SECOND)).isEmpty();
  }

  @Test
  void commitsFromBeforeTheFaultDoNotCountAsRecovery() {
    // Ended at once (a killed process restarted at the same moment): the window must not look back.
    assertThat(Recovery.seconds(stall(600), 20 * SECOND, 20 * SECOND).getAsDouble())
        .isGreaterThan(10.0);
  }

  @Test
  void aCaughtUpIngesterHasRecovered() {
    List<Sample> samples =
        List.of(
            new Sample(0, 100, 100),
            new Sample(SECOND, 100, 100),
            new Sample(2 * SECOND, 100, 100));
    assertThat(Recovery.seconds(samples, SECOND / 2, SECOND).getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void theLongestStallIsTheLongestTimeWithoutACommitWhileRecordsWait() {
    // The last commit before the stall shows at 20 s, the first after it at 30.5 s.
    assertThat(Recovery.longestStallSeconds(stall(600))).isEqualTo(10.5);
  }

  @Test
  void startUpBeforeTheFirstCommitAndIdleTimeAreNoStall() {
    List<Sample> samples = new ArrayList<>();
    for (int second = 0; second <= 40; second++) {
      // Nothing committed for 15 s (the ingester starting), then 100/s until all is consumed at
      // 25 s, then idle with nothing left: the longest stall is one sampling interval.
      long committed = second < 15 ? 0 : Math.min(1_000, (second - 15) * 100L);
      samples.add(new Sample(second * SECOND, committed, 1_000));
    }
    assertThat(Recovery.longestStallSeconds(samples)).isEqualTo(1.0);
  }

  @Test
  void aStretchWithoutSamplesCountsAsAStall() {
    // The monitor reached Kafka at 0-10 s and again from 40 s; commits went on throughout.
    List<Sample> samples = new ArrayList<>();
    for (int second = 0; second <= 50; second++) {
      if (second <= 10 || second >= 40) {
        samples.add(new Sample(second * SECOND, 100L * (second + 1), 100_000));
      }
    }
    assertThat(Recovery.longestStallSeconds(samples)).isEqualTo(30.0);
  }
}
