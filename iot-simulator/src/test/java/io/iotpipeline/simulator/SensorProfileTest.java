package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorProfileTest {

  @Test
  void aThousandSensorsMakeTenSitesWithIdsFromOne() {
    List<SensorProfile> fleet = SensorProfile.fleet(1000, 1);

    assertThat(fleet).hasSize(1000);
    assertThat(fleet.get(0).id()).isEqualTo(1);
    assertThat(fleet.get(999).id()).isEqualTo(1000);
    assertThat(fleet.stream().map(SensorProfile::site).distinct()).hasSize(10);
    assertThat(fleet.stream().map(SensorProfile::zone).distinct())
        .containsExactlyInAnyOrder(Zone.values());
  }

  @Test
  void layoutDependsOnlyOnTheSeed() {
    assertThat(SensorProfile.fleet(50, 4))
        .isEqualTo(SensorProfile.fleet(50, 4))
        .isNotEqualTo(SensorProfile.fleet(50, 5));
  }

  @Test
  void pacingRuleIsExplicitRateElseSensorsPerIntervalTimesSpeedup() {
    assertThat(SimulationOptions.pacedRate(5000.0, null, 1000, Duration.ofSeconds(1)))
        .isEqualTo(5000);
    assertThat(SimulationOptions.pacedRate(null, null, 1000, Duration.ofSeconds(1)))
        .isEqualTo(1000);
    assertThat(SimulationOptions.pacedRate(null, 60.0, 1000, Duration.ofSeconds(10)))
        .isEqualTo(6000);
  }
}
