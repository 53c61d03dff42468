package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Kafka or Cassandra here: a settings check that ran after the first connection or process would
 * hang on the connection or leave a child behind, and fail these tests.
 */
class DemoPipelineTest {

  @TempDir Path directory;

  private Settings settings(Map<String, String> overrides) {
    return Settings.defaults()
        .with(
            Map.of(
                "data-dir",
                directory.toString(),
                // Nothing listens there: reaching a connection would fail, not pass.
                "kafka.bootstrap",
                "127.0.0.1:1",
                "cassandra.contact-points",
                "127.0.0.1:1"))
        .with(overrides);
  }

  private void assertFailsBeforeAnyChild(Settings settings, String message) {
    long childrenBefore = ProcessHandle.current().children().count();

    assertThatThrownBy(
            () ->
                DemoPipeline.create(
                    settings,
                    new DemoCommand.Options(10, 1, true),
                    directory.resolve("analytics.log"),
                    Clock.systemUTC()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);

    assertThat(ProcessHandle.current().children().count()).isEqualTo(childrenBefore);
    assertThat(directory.resolve("analytics.log")).doesNotExist();
  }

  @Test
  void anInvalidApiSettingFailsBeforeTheSparkJobStarts() {
    assertFailsBeforeAnyChild(settings(Map.of("api.port", "eighty")), "api.port");
    assertFailsBeforeAnyChild(settings(Map.of("api.max-points", "1")), "api.max-points");
  }

  @Test
  void anInvalidAnalyticsSettingFailsBeforeTheSparkJobStarts() {
    assertFailsBeforeAnyChild(settings(Map.of("analytics.trigger", "soon")), "analytics.trigger");
    assertFailsBeforeAnyChild(
        settings(Map.of("analytics.alert.temperature-low", "60")), "low must be below high");
  }

  @Test
  void theDemosJobStartsAtTheTopicsEndWhateverTheDefault() {
    assertThat(DemoPipeline.analyticsSettings(settings(Map.of())).get("analytics.starting-offsets"))
        .isEqualTo("latest");
  }
}
