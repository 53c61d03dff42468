package io.iotpipeline.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.bench.cluster.RowSampler.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ClusterFiguresTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void theStallIsTheLongestTimeWithoutANewRowInTheWindow() {
    List<Sample> samples = new ArrayList<>();
    long rows = 0;
    for (int tenth = 0; tenth <= 600; tenth++) {
      long t = tenth * SECOND / 10;
      // Rows every 0.1 s, except from 12 s to 19.5 s (a stall of 7.5 s) and from 40 s to 52 s
      // (12 s, outside the window asked about).
      boolean stalled =
          (t > 12 * SECOND && t < 19_500_000_000L) || (t > 40 * SECOND && t < 52 * SECOND);
      if (!stalled) {
        rows += 10;
      }
      samples.add(new Sample(t, rows));
    }
    assertThat(RowSampler.longestStallSeconds(samples, 10 * SECOND, 30 * SECOND)).isEqualTo(7.5);
    assertThat(RowSampler.longestStallSeconds(samples, 10 * SECOND, 60 * SECOND)).isEqualTo(12.0);
  }

  @Test
  void aPacedRateIsOneTheFleetCanHoldAtMostTheOneWanted() {
    assertThat(ClusterSection.pacedRate(9_300)).isEqualTo(8_000);
    assertThat(ClusterSection.pacedRate(30_000)).isEqualTo(25_000);
    assertThat(ClusterSection.pacedRate(200)).isEqualTo(1_000);
  }

  @Test
  void theFiguresUnderTheKeysTheIssueNames() {
    Map<String, Object> figures =
        ClusterSection.figures(
            40_000,
            30_000,
            new ClusterSection.Kills(
                10_000, "kafka-2", 8.25, "cassandra-2", 1.5, OptionalDouble.of(12.34)));
    assertThat(figures)
        .containsEntry("cluster_e2e_ratio", 0.75)
        .containsEntry("cluster_kill_stall_s", 8.3)
        .containsEntry("cluster_kafka_kill_stall_s", 8.3)
        .containsEntry("cluster_cassandra_kill_stall_s", 1.5)
        .containsEntry("cluster_replicas_agree_s", 12.3)
        .containsEntry("cluster_e2e_rows_per_s", 30_000L)
        .containsEntry("cluster_single_e2e_rows_per_s", 40_000L);
  }
}
