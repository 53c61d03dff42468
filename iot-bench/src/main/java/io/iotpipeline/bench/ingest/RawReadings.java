package io.iotpipeline.bench.ingest;

import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Readings for the benchmark's raw phase: each chunk is whole batches of consecutive readings (one
 * per second of event time) per sensor, i.e. the best case for partition batching.
 */
final class RawReadings {
  private final int firstSensor;
  private final int sensors;
  private final int batchRows;
  private final int chunkSize;
  private final long startMillis;
  private final long[] nextSecond;
  private int nextSensor;

  RawReadings(int firstSensor, int sensors, int batchRows, int chunkSize, Instant start) {
    this.firstSensor = firstSensor;
    this.sensors = sensors;
    this.batchRows = batchRows;
    this.chunkSize = Math.max(batchRows, chunkSize - chunkSize % batchRows);
    this.startMillis = start.toEpochMilli();
    this.nextSecond = new long[sensors];
  }

  List<IncomingReading> next() {
    List<IncomingReading> chunk = new ArrayList<>(chunkSize);
    while (chunk.size() < chunkSize) {
      int sensor = nextSensor;
      nextSensor = (nextSensor + 1) % sensors;
      for (int i = 0; i < batchRows; i++) {
        long second = nextSecond[sensor]++;
        chunk.add(
            new IncomingReading(
                new SensorReading(
                    firstSensor + sensor,
                    Instant.ofEpochMilli(startMillis + second * 1000),
                    20 + (second % 100) / 10.0,
                    50 + (second % 40) / 2.0,
                    second,
                    "bench"),
                0));
      }
    }
    return chunk;
  }
}
