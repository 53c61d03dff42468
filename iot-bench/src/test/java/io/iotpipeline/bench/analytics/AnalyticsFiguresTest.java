package io.iotpipeline.bench.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.bench.BenchException;
import io.iotpipeline.bench.KeysBeforeTheMove;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class AnalyticsFiguresTest {

  /** The figures file as iot-analytics BatchBenchmark writes it (Jackson, map order). */
  static final String WRITTEN =
      "{\"rollup_rows\":1000000,\"rollup_write_s\":12.78,"
          + "\"rollup_cold_s\":11.85,\"rollup_warm_s\":7.02}";

  public static Map<String, Object> sampleFigures() throws IOException {
    return AnalyticsSection.figures(new ObjectMapper().readTree(WRITTEN));
  }

  @Test
  void theJobsFiguresKeepTheirKeysAndTheWarmRateIsAdded() throws IOException {
    Map<String, Object> figures = sampleFigures();

    assertThat(figures.keySet()).containsExactlyElementsOf(KeysBeforeTheMove.ANALYTICS);
    assertThat(figures)
        .containsEntry("rollup_rows", 1_000_000L)
        .containsEntry("rollup_write_s", 12.78)
        .containsEntry("rollup_warm_s", 7.02)
        .containsEntry("rollup_warm_rows_per_s", 142_450L);
  }

  @Test
  void aFileWithoutAFigureIsAFailureThatNamesIt() throws IOException {
    ObjectMapper json = new ObjectMapper();

    assertThatThrownBy(() -> AnalyticsSection.figures(json.readTree("{\"rollup_rows\": 10}")))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("rollup_write_s");
  }

  @Test
  void fewerRowsThanSensorsAreRefusedBeforeAnythingRuns() {
    assertThatThrownBy(() -> new AnalyticsSection(999L))
        .isInstanceOf(BenchException.class)
        .hasMessage("--rollup-rows must be at least 1000 (one reading per sensor), got 999");
  }
}
