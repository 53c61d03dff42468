package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
