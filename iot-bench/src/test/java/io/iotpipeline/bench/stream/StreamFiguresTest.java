package io.iotpipeline.bench.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamFiguresTest {

  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  /** 50,000 warm-up readings, then the measured fleet at 20k/s from T0. */
  private static final StreamFigures.Load LOAD = new StreamFigures.Load(T0, 50_000, 20_000);

  private static StreamFigures.Batch batch(long id, double endSecond, long rows, long millis) {
    return new StreamFigures.Batch(id, T0.plusMillis(Math.round(endSecond * 1000)), rows, millis);
  }

  @Test
  void theNewestEventOfRowsReadFollowsTheFleetsTimingRule() {
    assertThat(LOAD.newestEvent(10_000)).isEqualTo(T0); // still in the warm-up
    assertThat(LOAD.newestEvent(50_000 + 20_000)).isEqualTo(T0.plusSeconds(1));
    assertThat(LOAD.newestEvent(50_000 + 30_000)).isEqualTo(T0.plusMillis(1500));
  }

  @Test
  void aQueryThatKeepsUpShowsTheInputRateItsTriggerTimesAndASmallSawTooth() {
    List<StreamFigures.Batch> batches = new ArrayList<>();
    batches.add(batch(0, -20, 50_000, 40_000)); // warm-up and cold start: before the window
    // Every 5 s a batch lands 2 s after it started; it read the 5 s of readings before its start.
    for (int i = 1; i <= 20; i++) {
      batches.add(batch(i, 5 * i + 2, 100_000, 2_000 + i));
    }

    StreamFigures figures = StreamFigures.of(batches, LOAD, T0, T0.plusMillis(102_500));

    assertThat(figures.batches()).isEqualTo(20);
    assertThat(figures.rowsPerSecond()).isCloseTo(2_000_000 / 102.0, within(1.0));
    assertThat(figures.triggerP50Millis()).isEqualTo(2_010);
    assertThat(figures.triggerP99Millis()).isEqualTo(2_020);
    // Batch i lands at 5i+2 s; before it the query had read up to 5(i-1) s: lag 7 s each time.
    assertThat(figures.lagP50Seconds()).isEqualTo(7.0);
    assertThat(figures.lagMaxSeconds()).isEqualTo(7.0);
    assertThat(figures.lagEndSeconds()).isEqualTo(2.5); // 102.5 s, results up to 100 s
  }

  @Test
  void aQueryFallingBehindShowsGrowingLag() {
    List<StreamFigures.Batch> batches =
        List.of(
            batch(0, -5, 50_000, 30_000),
            batch(1, 30, 600_000, 30_000), // before it: nothing of the measured load, lag 30 s
            batch(2, 70, 800_000, 40_000)); // before it: 30 s of readings, lag 40 s

    StreamFigures figures = StreamFigures.of(batches, LOAD, T0, T0.plusSeconds(100));

    assertThat(figures.lagP50Seconds()).isEqualTo(30.0);
    // At the end it has read 70 s of readings: a batch still running leaves 30 s, so max is 40.
    assertThat(figures.lagEndSeconds()).isEqualTo(30.0);
    assertThat(figures.lagMaxSeconds()).isEqualTo(40.0);
    assertThat(figures.rowsPerSecond()).isCloseTo(1_400_000 / 70.0, within(1.0));
  }

  @Test
  void aQueryStuckInALongBatchAtTheEndHasTheEndAsItsWorstLag() {
    List<StreamFigures.Batch> batches =
        List.of(
            batch(0, -5, 50_000, 30_000),
            batch(1, 10, 200_000, 5_000),
            batch(2, 200, 2_000_000, 190_000)); // lands after the end

    StreamFigures figures = StreamFigures.of(batches, LOAD, T0, T0.plusSeconds(90));

    assertThat(figures.batches()).isEqualTo(1);
    assertThat(figures.lagEndSeconds()).isEqualTo(80.0); // read up to 10 s by 90 s
    assertThat(figures.lagMaxSeconds()).isEqualTo(80.0);
  }

  @Test
  void noDataBatchesCountForLagButNotForTriggerTimes() {
    List<StreamFigures.Batch> batches =
        List.of(batch(0, -5, 50_000, 30_000), batch(1, 4, 0, 3), batch(2, 6, 100_000, 900));

    StreamFigures figures = StreamFigures.of(batches, LOAD, T0, T0.plusSeconds(6));

    assertThat(figures.batches()).isEqualTo(2);
    assertThat(figures.triggerP50Millis()).isEqualTo(900);
    assertThat(figures.triggerP99Millis()).isEqualTo(900);
  }

  @Test
  void theGoalNeedsBothQueriesUnderTwoWindows() {
    StreamFigures fast = new StreamFigures(10, 20_000, 2_000, 3_000, 20.0, 8.0, 5.0);
    StreamFigures slow = new StreamFigures(3, 19_000, 40_000, 75_000, 130.0, 90.0, 60.0);
    StreamFigures idle = new StreamFigures(0, 0, 0, 0, 50.0, 50.0, 50.0);

    Map<String, Object> met = StreamSection.figures(fast, fast, 20_000, 20_000, 30, 150, 0.1);

    assertThat(met)
        .containsEntry("stream_goal_met", true)
        .containsEntry("stream_lag_max_s", 20.0)
        .containsEntry("stream_rows_per_s", 20_000L)
        .containsEntry("stream_trigger_p99_ms", 3_000L);
    assertThat(StreamSection.figures(fast, slow, 20_000, 20_000, 30, 150, 0.1))
        .containsEntry("stream_goal_met", false)
        .containsEntry("stream_alerts_lag_max_s", 130.0);
    assertThat(StreamSection.figures(fast, idle, 20_000, 20_000, 30, 150, 0.1))
        .containsEntry("stream_goal_met", false);
  }

  @Test
  void aWindowShorterThanTwoWindowsGivesNoVerdict() {
    StreamFigures fast = new StreamFigures(10, 20_000, 2_000, 3_000, 20.0, 8.0, 5.0);

    assertThat(StreamSection.figures(fast, fast, 20_000, 20_000, 30, 45, 0.1))
        .doesNotContainKey("stream_goal_met")
        .containsEntry("stream_measured_s", 45.0);
  }

  @Test
  void percentileIsTheNearestRank() {
    long[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    assertThat(StreamFigures.percentile(values, 50)).isEqualTo(5);
    assertThat(StreamFigures.percentile(values, 99)).isEqualTo(10);
    assertThat(StreamFigures.percentile(new long[0], 99)).isZero();
  }
}
