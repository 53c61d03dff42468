package io.iotpipeline.bench.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.bench.KeysBeforeTheMove;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class SimulatorFiguresTest {

  /** What the section reports for a run at 758,377.4 readings/s. */
  public static Map<String, Object> sampleFigures() {
    return SimulatorSection.figures(758_377.4);
  }

  @Test
  void theRateIsReportedInReadingsPerSecondUnderItsFormerKey() {
    assertThat(sampleFigures())
        .containsExactlyEntriesOf(Map.of("simulator_max_events_per_s", 758_377L));
    assertThat(sampleFigures().keySet()).containsExactlyElementsOf(KeysBeforeTheMove.SIMULATOR);
  }
}
