package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FaultLabelTest {

  private final FaultLabel stuck =
      new FaultLabel(
          7,
          FaultKind.STUCK,
          Instant.parse("2024-11-28T07:46:40.005Z"),
          Instant.parse("2024-11-28T07:48:40.005Z"),
          121);

  @Test
  void writesOneJsonObjectWithEpochSeconds() {
    assertThat(stuck.toJson())
        .isEqualTo(
            "{\"sensor_id\":7,\"fault\":\"stuck\","
                + "\"start\":1732780000.005,\"end\":1732780120.005,\"readings\":121}");
  }

  @Test
  void parsesWhatItWritesAndIgnoresUnknownFields() {
    assertThat(FaultLabel.parse(stuck.toJson())).isEqualTo(stuck);
    assertThat(
            FaultLabel.parse(
                "{\"fault\":\"spike\",\"extra\":{\"a\":1},\"sensor_id\":3,"
                    + "\"start\":10.5,\"end\":10.5}"))
        .isEqualTo(
            new FaultLabel(
                3, FaultKind.SPIKE, Instant.ofEpochMilli(10_500), Instant.ofEpochMilli(10_500), 1));
  }

  @Test
  void coversItsSensorBetweenStartAndEndInclusive() {
    assertThat(stuck.covers(7, stuck.start())).isTrue();
    assertThat(stuck.covers(7, stuck.end())).isTrue();
    assertThat(stuck.covers(7, stuck.end().plusMillis(1))).isFalse();
    assertThat(stuck.covers(8, stuck.start())).isFalse();
  }

  @Test
  void rejectsBrokenLabels() {
    assertThatThrownBy(() -> FaultLabel.parse("{\"sensor_id\":1}"))
        .hasMessageContaining("misses a field");
    assertThatThrownBy(
            () -> FaultLabel.parse("{\"sensor_id\":1,\"fault\":\"fire\",\"start\":1,\"end\":1}"))
        .hasMessageContaining("unknown fault");
    assertThatThrownBy(
            () ->
                new FaultLabel(
                    1, FaultKind.DRIFT, Instant.ofEpochSecond(5), Instant.ofEpochSecond(4), 1))
        .hasMessageContaining("end before start");
  }
}
