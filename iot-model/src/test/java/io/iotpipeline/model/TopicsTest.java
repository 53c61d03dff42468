package io.iotpipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.config.Settings;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void theDefaultNamesAreTheSettingsDefaults() {
    Settings defaults = Settings.defaults();

    assertThat(Topics.ALL)
        .allSatisfy(
            topic -> assertThat(defaults.get(topic.settingKey())).isEqualTo(topic.defaultName()));
  }
}
