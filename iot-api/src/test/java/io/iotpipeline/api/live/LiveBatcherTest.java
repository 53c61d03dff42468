package io.iotpipeline.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.SensorReading;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveBatcherTest {

  private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

  private static SensorReading reading(int sensor, long millis, double temperature) {
    return SensorReading.of(sensor, T0.plusMillis(millis), temperature, 50);
  }

  @Test
  void aTickCarriesAtMostOneReadingPerSensorWhateverTheRate() {
    LiveBatcher batcher = new LiveBatcher(50);
    for (int i = 0; i < 10_000; i++) {
      batcher.offerReading(reading(i % 100, i, 20 + i % 7));
    }

    LiveBatcher.Batch batch = batcher.drain();

    assertThat(batch.latest()).hasSize(100);
    assertThat(batch.readingsSeen()).isEqualTo(10_000);
    assertThat(batch.latest())
        .filteredOn(r -> r.sensorId() == 7)
        .singleElement()
        .extracting(SensorReading::timestamp)
        .isEqualTo(T0.plusMillis(9907));
  }

  @Test
  void aLateReadingDoesNotReplaceANewerOne() {
    LiveBatcher batcher = new LiveBatcher(50);
    batcher.offerReading(reading(1, 2000, 25));
    batcher.offerReading(reading(1, 1000, 21));

    assertThat(batcher.drain().latest())
        .singleElement()
        .extracting(SensorReading::temperature)
        .isEqualTo(25.0);
  }

  @Test
  void drainingEmptiesTheBatch() {
    LiveBatcher batcher = new LiveBatcher(50);
    batcher.offerReading(reading(1, 0, 20));
    batcher.drain();

    LiveBatcher.Batch next = batcher.drain();
    assertThat(next.latest()).isEmpty();
    assertThat(next.readingsSeen()).isZero();
  }

  @Test
  void alertsArePacedPerTickAndTheOldestAreDroppedBeyondTheQueue() {
    LiveBatcher batcher = new LiveBatcher(3);
    for (int i = 0; i < 35; i++) {
      batcher.offerAlert("{\"n\":" + i + "}");
    }

    LiveBatcher.Batch first = batcher.drain();
    assertThat(first.alerts()).containsExactly("{\"n\":5}", "{\"n\":6}", "{\"n\":7}");
    assertThat(first.alertsDropped()).isEqualTo(5);
    assertThat(batcher.drain().alerts()).containsExactly("{\"n\":8}", "{\"n\":9}", "{\"n\":10}");
  }
}
