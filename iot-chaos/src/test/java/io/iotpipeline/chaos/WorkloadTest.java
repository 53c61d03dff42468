package io.iotpipeline.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.SensorReading;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  private final Instant start = Instant.parse("2026-12-01T23:59:50.123Z");
  private final Workload workload = new Workload(25_000, 100, 1_000, start, 7);

  @Test
  void everyReadingHasAKeyOfItsOwnThatMapsBackToIt() {
    Set<String> keys = new HashSet<>();
    for (long i = 0; i < workload.size(); i++) {
      SensorReading reading = workload.reading(i);
      assertThat(keys.add(reading.sensorId() + "@" + reading.timestamp().toEpochMilli())).isTrue();
      assertThat(workload.indexOf(reading.sensorId(), reading.timestamp().toEpochMilli()))
          .isEqualTo(i);
    }
  }

  @Test
  void keysOffTheLatticeBelongToNoReading() {
    long first = start.toEpochMilli();
    assertThat(workload.indexOf(0, first - 100)).isEqualTo(-1);
    assertThat(workload.indexOf(0, first + 1)).isEqualTo(-1);
    assertThat(workload.indexOf(100, first)).isEqualTo(-1); // sensor 100 of sensors 0-99
    assertThat(workload.indexOf(-1, first)).isEqualTo(-1);
    assertThat(workload.indexOf(0, first + 250L * 100)).isEqualTo(-1); // round 250: past the end
  }

  @Test
  void eventTimeAdvancesAtTheRateAndThePartitionsCoverEveryDay() {
    // 1,000/s over 100 sensors: a round every 100 ms, 250 rounds = 25 s, across midnight.
    assertThat(workload.reading(100).timestamp()).isEqualTo(start.plusMillis(100));
    assertThat(workload.partitions())
        .hasSize(200)
        .contains(
            new SensorDay(99, SensorDay.utcDay(start)),
            new SensorDay(99, SensorDay.utcDay(start).plusDays(1)));
  }

  @Test
  void valuesAreValidAndThePureFunctionOfSeedAndIndex() {
    Workload again = new Workload(25_000, 100, 1_000, start, 7);
    Workload otherSeed = new Workload(25_000, 100, 1_000, start, 8);
    assertThat(again.reading(1234)).isEqualTo(workload.reading(1234));
    assertThat(otherSeed.reading(1234).temperature())
        .isNotEqualTo(workload.reading(1234).temperature());
  }
}
