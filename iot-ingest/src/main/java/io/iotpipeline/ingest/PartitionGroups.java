package io.iotpipeline.ingest;

import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits readings by their {@code sensor_data} partition, (sensor_id, day), keeping order. */
final class PartitionGroups {
  private PartitionGroups() {}

  private record PartitionKey(int sensorId, long epochDay) {}

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** The UTC day of an instant, without the time-zone rules that LocalDate.ofInstant builds per call. */
  static LocalDate utcDay(long epochMillis) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
  }

  static Collection<List<IncomingReading>> of(List<IncomingReading> readings) {
    Map<PartitionKey, List<IncomingReading>> groups = new LinkedHashMap<>();
    for (IncomingReading incoming : readings) {
      PartitionKey key = new PartitionKey(incoming.reading().sensorId(),
          Math.floorDiv(incoming.reading().timestamp().toEpochMilli(), MILLIS_PER_DAY));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(incoming);
    }
    return groups.values();
  }
}
