package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsMainTest {

  @Test
  void parsesOptionsFlagsAndSettings() {
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();

    AnalyticsMain.parse(new String[] {"--master", "spark://127.0.0.1:7077", "--available-now",
        "--set", "kafka.topic=readings", "--trigger=2s", "--set", "cassandra.keyspace=ks"},
        options, settings);

    assertThat(options).containsEntry("master", "spark://127.0.0.1:7077")
        .containsEntry("available-now", "true").containsEntry("trigger", "2s");
    assertThat(settings).containsEntry("kafka.topic", "readings").containsEntry("cassandra.keyspace", "ks");
  }

  @Test
  void rejectsStrayArgumentsAndBadSettings() {
    assertThatThrownBy(() -> AnalyticsMain.parse(new String[] {"oops"}, new LinkedHashMap<>(),
        new LinkedHashMap<>())).hasMessageContaining("oops");
    assertThatThrownBy(() -> AnalyticsMain.parse(new String[] {"--set", "novalue"},
        new LinkedHashMap<>(), new LinkedHashMap<>())).hasMessageContaining("key=value");
    assertThatThrownBy(() -> AnalyticsMain.run(new String[] {"batch", "--from", "2026-11-28"}))
        .hasMessageContaining("--to");
  }

  @Test
  void alertThresholdOptionsBecomeTheJobsThresholdsAndTheRestKeepTheirDefaults() {
    Map<String, String> options = new LinkedHashMap<>();
    AnalyticsMain.parse(new String[] {"--temperature-high", "38.5", "--humidity-low=12",
        "--spike-rate", "1.5", "--stuck-readings", "20", "--silence", "2m"}, options,
        new LinkedHashMap<>());

    AlertThresholds limits = AnalyticsMain.thresholds(options);

    AlertThresholds defaults = AlertThresholds.defaults();
    assertThat(limits).isEqualTo(new AlertThresholds(38.5, defaults.temperatureLow(),
        defaults.humidityHigh(), 12.0, 1.5, 20, defaults.stuckEpsilon(), Duration.ofMinutes(2)));
    assertThat(AnalyticsMain.thresholds(Map.of())).isEqualTo(defaults);
  }

  @Test
  void badThresholdsAreRejectedBeforeSparkStarts() {
    assertThatThrownBy(() -> AnalyticsMain.run(new String[] {"stream", "--spike-rate", "fast"}))
        .hasMessage("--spike-rate is not a number: fast");
    assertThatThrownBy(() -> AnalyticsMain.run(new String[] {"stream", "--temperature-low", "50"}))
        .hasMessageContaining("low must be below high");
  }
}
