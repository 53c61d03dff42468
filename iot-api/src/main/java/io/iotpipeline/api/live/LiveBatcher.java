package io.iotpipeline.api.live;

import io.iotpipeline.model.SensorReading;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thins the live stream for browsers: of the readings that arrive between two ticks it keeps only
 * the newest per sensor (a fleet snapshot, at most one reading per sensor per tick however fast the
 * pipeline runs), and it passes at most {@code maxAlertsPerTick} alerts per tick, counting the rest
 * as dropped. Thread-safe: the Kafka thread offers, the broadcaster drains.
 */
public final class LiveBatcher {

  /** What one tick sends. {@code readingsSeen} counts every reading offered since the last tick. */
  public record Batch(
      List<SensorReading> latest, List<String> alerts, long readingsSeen, long alertsDropped) {}

  private final int maxAlertsPerTick;
  private final int maxAlertsQueued;
  private Map<Integer, SensorReading> latest = new LinkedHashMap<>();
  private final Deque<String> alerts = new ArrayDeque<>();
  private long readingsSeen;
  private long alertsDropped;

  public LiveBatcher(int maxAlertsPerTick) {
    if (maxAlertsPerTick < 1) {
      throw new IllegalArgumentException("maxAlertsPerTick must be >= 1");
    }
    this.maxAlertsPerTick = maxAlertsPerTick;
    this.maxAlertsQueued = maxAlertsPerTick * 10;
  }

  public synchronized void offerReading(SensorReading reading) {
    readingsSeen++;
    SensorReading previous = latest.get(reading.sensorId());
    if (previous == null || !previous.timestamp().isAfter(reading.timestamp())) {
      latest.put(reading.sensorId(), reading);
    }
  }

  /** An alert already rendered as JSON. */
  public synchronized void offerAlert(String alertJson) {
    if (alerts.size() >= maxAlertsQueued) {
      alerts.pollFirst();
      alertsDropped++;
    }
    alerts.addLast(alertJson);
  }

  public synchronized Batch drain() {
    List<SensorReading> readings = new ArrayList<>(latest.values());
    latest = new LinkedHashMap<>();
    List<String> sent = new ArrayList<>();
    while (!alerts.isEmpty() && sent.size() < maxAlertsPerTick) {
      sent.add(alerts.pollFirst());
    }
    Batch batch = new Batch(readings, sent, readingsSeen, alertsDropped);
    readingsSeen = 0;
    alertsDropped = 0;
    return batch;
  }
}
