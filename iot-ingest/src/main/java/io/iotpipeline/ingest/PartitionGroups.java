package io.iotpipeline.ingest;

import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits readings by their {@code sensor_data} partition, (sensor_id, day), keeping order. */
final class PartitionGroups {
  private PartitionGroups() {}

  private record PartitionKey(int sensorId, long epochDay) {}

  static Collection<List<IncomingReading>> of(List<IncomingReading> readings) {
    Map<PartitionKey, List<IncomingReading>> groups = new LinkedHashMap<>();
    for (IncomingReading incoming : readings) {
      PartitionKey key =
          new PartitionKey(
              incoming.reading().sensorId(),
              SensorDay.utcEpochDay(incoming.reading().timestamp().toEpochMilli()));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(incoming);
    }
    return groups.values();
  }
}
