package io.iotpipeline.chaos;

import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.SensorReading;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The readings of a chaos run, each at a unique (sensor_id, timestamp): reading {@code i} is of
 * sensor {@code i % sensors}, at {@code start + (i / sensors) * step}. The key of a stored row
 * therefore names the one reading it can be, so the checker needs no list of what was sent, and any
 * row off that lattice was never sent. The step makes event time advance as fast as the clock at
 * the workload's rate; values are a pure function of the seed and the index.
 */
public final class Workload {

  private final long readings;
  private final int sensors;
  private final long startMillis;
  private final long stepMillis;
  private final long seed;

  public Workload(long readings, int sensors, int rate, Instant start, long seed) {
    this.readings = readings;
    this.sensors = sensors;
    this.startMillis = start.toEpochMilli();
    this.stepMillis = Math.max(1, (1000L * sensors + rate - 1) / rate);
    this.seed = seed;
  }

  public long size() {
    return readings;
  }

  public int sensors() {
    return sensors;
  }

  public SensorReading reading(long index) {
    long round = index / sensors;
    long mixed = mix(seed ^ mix(index));
    double temperature = 15.0 + (mixed & 0xFFFF) / 65535.0 * 15.0;
    double humidity = 30.0 + ((mixed >>> 16) & 0xFFFF) / 65535.0 * 40.0;
    return new SensorReading(
        (int) (index % sensors),
        Instant.ofEpochMilli(timestampMillis(index)),
        temperature,
        humidity,
        round,
        null);
  }

  long timestampMillis(long index) {
    return startMillis + (index / sensors) * stepMillis;
  }

  /** The index of the reading with this key, or -1 if no reading of this workload has it. */
  public long indexOf(int sensorId, long timestampMillis) {
    long offset = timestampMillis - startMillis;
    if (sensorId < 0 || sensorId >= sensors || offset < 0 || offset % stepMillis != 0) {
      return -1;
    }
    long index = offset / stepMillis * sensors + sensorId;
    return index < readings ? index : -1;
  }

  /** Every sensor-day partition of {@code sensor_data} a reading of this workload falls in. */
  public List<SensorDay> partitions() {
    LocalDate first = SensorDay.utcDay(startMillis);
    LocalDate last = SensorDay.utcDay(timestampMillis(readings - 1));
    List<SensorDay> partitions = new ArrayList<>();
    for (int sensor = 0; sensor < sensors; sensor++) {
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
        partitions.add(new SensorDay(sensor, day));
      }
    }
    return partitions;
  }

  /** SplitMix64's finalizer: a cheap, well-spread hash of a long. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
