package io.iotpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {

  @Test
  void defaultsServeLocallyOnPort8080WithoutAToken() {
    ApiConfig config = ApiConfig.from(Settings.defaults());

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.tokenRequired()).isFalse();
    assertThat(config.maxPoints()).isEqualTo(3000);
    assertThat(config.streamTick()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.ingestGroup()).isEqualTo("iot-ingest");
    assertThat(Settings.defaults().get("api.host")).isEqualTo("127.0.0.1");
  }

  @Test
  void theTokenComesFromTheEnvironment() {
    Settings settings = Settings.load(null, Map.of("IOT_API_TOKEN", " s3cret "), Map.of());

    ApiConfig config = ApiConfig.from(settings);

    assertThat(config.tokenRequired()).isTrue();
    assertThat(config.token()).isEqualTo("s3cret");
  }

  @Test
  void rejectsAPortOutOfRangeAndATinyPointBudget() {
    assertThatThrownBy(() -> ApiConfig.from(Settings.defaults().with(Map.of("api.port", "70000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api.port");
    assertThatThrownBy(
            () -> ApiConfig.from(Settings.defaults().with(Map.of("api.max-points", "3"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("api.max-points");
  }
}
