package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.iotpipeline.model.SensorReading;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each sensor in {@code sensors} (site, type, first_seen) the first time this process sees
 * it. {@code IF NOT EXISTS} keeps the first sighting across processes; a lightweight transaction is
 * slow, so these run in the background, two at a time, outside the commit path: the table is
 * descriptive, and a failed registration is simply tried again the next time the sensor reports.
 */
final class SensorRegistry {

  private static final Logger log = LoggerFactory.getLogger(SensorRegistry.class);
  private static final int CONCURRENCY = 2;

  private final CqlSession session;
  private final PreparedStatement insertSensor;
  private final Set<Integer> known = ConcurrentHashMap.newKeySet();
  private final Queue<SensorReading> waiting = new ConcurrentLinkedQueue<>();
  private final Semaphore slots = new Semaphore(CONCURRENCY);
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(30));
  private volatile boolean closed;

  SensorRegistry(CqlSession session, String keyspace) {
    this.session = session;
    this.insertSensor =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".sensors "
                + "(sensor_id, site, sensor_type, first_seen) VALUES (?, ?, 'env', ?) IF NOT EXISTS");
  }

  void seen(SensorReading reading) {
    if (known.add(reading.sensorId())) {
      waiting.add(reading);
      dispatch();
    }
  }

  private void dispatch() {
    while (!closed && !waiting.isEmpty() && slots.tryAcquire()) {
      SensorReading reading = waiting.poll();
      if (reading == null) {
        slots.release();
        return;
      }
      BoundStatementBuilder sensor =
          insertSensor
              .boundStatementBuilder()
              .setInt(0, reading.sensorId())
              .setInstant(2, reading.timestamp());
      if (reading.site() != null) {
        sensor.setString(1, reading.site());
      }
      session
          .executeAsync(sensor.build())
          .whenComplete(
              (result, error) -> {
                if (error != null) {
                  known.remove(reading.sensorId());
                  warnings.warn(
                      "Could not record sensor {} in sensors ({}); will retry when it reports again",
                      reading.sensorId(),
                      CassandraErrors.unwrap(error).toString());
                }
                slots.release();
                dispatch();
              });
    }
  }

  void close() {
    closed = true;
    waiting.clear();
  }
}
