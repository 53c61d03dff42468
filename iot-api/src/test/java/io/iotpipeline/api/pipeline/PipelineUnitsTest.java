package io.iotpipeline.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineUnitsTest {

  private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void ratesComeFromTheGrowthOfOffsetsBetweenSamples() {
    KafkaSample first = KafkaSample.following(null, T0, 1000, 900, 100, 0, 0);
    KafkaSample second =
        KafkaSample.following(first, T0.plusSeconds(2), 21_000, 18_900, 2100, 3, 1);

    assertThat(first.producedPerSecond()).isZero();
    assertThat(second.producedPerSecond()).isEqualTo(10_000.0);
    assertThat(second.ingestedPerSecond()).isEqualTo(9_000.0);
    assertThat(second.consumerLag()).isEqualTo(2100);
  }

  @Test
  void noRateAcrossAnUnknownOrShrinkingCounter() {
    KafkaSample unknown = KafkaSample.unknown(T0, "down");
    KafkaSample after = KafkaSample.following(unknown, T0.plusSeconds(2), 500, 400, 100, 0, 0);
    assertThat(after.producedPerSecond()).isZero();
    assertThat(KafkaSample.perSecond(1000, 10, T0, T0.plusSeconds(1))).isZero();
    assertThat(KafkaSample.perSecond(-1, 10, T0, T0.plusSeconds(1))).isZero();
  }

  @Test
  void prometheusTextHasHelpTypeAndOneLinePerSample() {
    Map<String, Double> samples = new LinkedHashMap<>();
    samples.put("{route=\"/api/sensors\",status=\"200\"}", 12.0);
    samples.put("{route=\"/health\",status=\"503\"}", 1.0);
    String text =
        new PrometheusText()
            .family("iot_api_requests_total", "counter", "HTTP requests", samples)
            .gauge("iot_readings_ingested_per_second", "rate", 9876.5)
            .toString();

    assertThat(text)
        .contains("# TYPE iot_api_requests_total counter\n")
        .contains("iot_api_requests_total{route=\"/api/sensors\",status=\"200\"} 12\n")
        .contains("# HELP iot_readings_ingested_per_second rate\n")
        .contains("iot_readings_ingested_per_second 9876.50\n");
    assertThat(PrometheusText.format(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.label("rule", "a\"b")).isEqualTo("{rule=\"a\\\"b\"}");
    assertThatThrownBy(() -> new PrometheusText().gauge("bad-name", "x", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
