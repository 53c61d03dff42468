package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestOptionsTest {

  @Test
  void readsItsSettingsWithStopConditionsOff() {
    IngestOptions options =
        IngestOptions.from(
            Settings.defaults()
                .with(
                    Map.of(
                        "ingest.group-id",
                        "g1",
                        "ingest.in-flight",
                        "8",
                        "ingest.batch-rows",
                        "25")));

    assertThat(options.groupId()).isEqualTo("g1");
    assertThat(options.maxInFlight()).isEqualTo(8);
    assertThat(options.batchRows()).isEqualTo(25);
    assertThat(options.stopsWhenIdle()).isFalse();
    assertThat(options.stopsAfterCount()).isFalse();
  }

  @Test
  void rejectsNonsense() {
    IngestOptions defaults = IngestOptions.defaults();

    assertThatThrownBy(() -> defaults.withBatching(0, 50))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("in-flight");
    assertThatThrownBy(() -> defaults.withStop(Duration.ofSeconds(-1), 0))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> defaults.withGroupId(" ")).isInstanceOf(ConfigException.class);
  }

  @Test
  void backoffDoublesUpToItsCap() {
    Duration initial = Duration.ofMillis(100);
    Duration max = Duration.ofSeconds(5);

    assertThat(Backoff.delayMillis(initial, max, 0)).isEqualTo(100);
    assertThat(Backoff.delayMillis(initial, max, 3)).isEqualTo(800);
    assertThat(Backoff.delayMillis(initial, max, 60)).isEqualTo(5000);
  }
}
