package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorReading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionGroupsTest {

  private static IncomingReading reading(int sensor, String time) {
    return new IncomingReading(SensorReading.of(sensor, Instant.parse(time), 20, 50), 0);
  }

  @Test
  void groupsBySensorAndUtcDayKeepingArrivalOrder() {
    IncomingReading a = reading(1, "2026-11-27T23:59:59.999Z");
    IncomingReading b = reading(2, "2026-11-27T10:00:00Z");
    IncomingReading c = reading(1, "2026-11-28T00:00:00Z");
    IncomingReading d = reading(1, "2026-11-27T00:00:00Z");

    assertThat(PartitionGroups.of(List.of(a, b, c, d)))
        .containsExactly(List.of(a, d), List.of(b), List.of(c));
  }
}
