package io.iotpipeline.bench.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.bench.KeysBeforeTheMove;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class ApiFiguresTest {

  /** One result per standard target, in their order, and the live stream's readings. */
  public static Map<String, Object> sampleFigures() {
    List<ApiBenchmark.Target> targets = ApiBenchmark.standardTargets(1);
    List<ApiBenchmark.Result> results =
        List.of(
            new ApiBenchmark.Result(targets.get(0).name(), 30_000, 0, 0.46, 12.04, 30.0, 2000),
            new ApiBenchmark.Result(targets.get(1).name(), 6_000, 0, 2.01, 15.77, 40.0, 400),
            new ApiBenchmark.Result(targets.get(2).name(), 1_500, 0, 9.8, 60.33, 90.0, 100));
    return ApiSection.figures(results, 540_121);
  }

  @Test
  void eachTargetsPercentilesAndTheLiveStreamKeepTheirFormerKeys() {
    Map<String, Object> figures = sampleFigures();

    assertThat(figures.keySet()).containsExactlyElementsOf(KeysBeforeTheMove.API);
    assertThat(figures)
        .containsEntry("api_fleet_latest_p50_ms", 0.5)
        .containsEntry("api_sensor_day_p99_ms", 15.8)
        .containsEntry("api_live_stream_readings", 540_121L);
  }

  @Test
  void thereIsAKeyForEachStandardTarget() {
    assertThat(ApiSection.KEYS).hasSameSizeAs(ApiBenchmark.standardTargets(1));
  }
}
