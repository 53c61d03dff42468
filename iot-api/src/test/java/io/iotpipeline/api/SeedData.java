package io.iotpipeline.api;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Writes known rows into a test keyspace, as the ingester and the analytics would. */
final class SeedData {

  private final CqlSession session;
  private final PreparedStatement latest;
  private final PreparedStatement reading;
  private final PreparedStatement hour;
  private final PreparedStatement minute;
  private final PreparedStatement alert;
  private final PreparedStatement alertByDay;

  SeedData(CqlSession session) {
    this.session = session;
    this.latest =
        session.prepare(
            "INSERT INTO sensor_latest (sensor_id, timestamp, temperature,"
                + " humidity, seq, site) VALUES (?, ?, ?, ?, ?, ?)");
    this.reading =
        session.prepare(
            "INSERT INTO sensor_data (sensor_id, day, timestamp, temperature,"
                + " humidity, seq, site, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.hour =
        session.prepare(
            "INSERT INTO sensor_agg_hour (sensor_id, month, window_start,"
                + " readings, minutes_with_data, temperature_min, temperature_max, temperature_avg,"
                + " humidity_min, humidity_max, humidity_avg) VALUES (?, ?, ?, ?, 60, ?, ?, ?, 40, 60, 50)");
    this.minute =
        session.prepare(
            "INSERT INTO sensor_agg_minute (sensor_id, day, window_start,"
                + " readings, temperature_min, temperature_max, temperature_avg, humidity_min,"
                + " humidity_max, humidity_avg) VALUES (?, ?, ?, ?, ?, ?, ?, 40, 60, 50)");
    this.alert =
        session.prepare(
            "INSERT INTO sensor_alerts (sensor_id, ts, rule, day, value,"
                + " limit_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.alertByDay =
        session.prepare(
            "INSERT INTO sensor_alerts_by_day (day, ts, sensor_id, rule,"
                + " value, limit_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  void latest(int sensor, Instant at, double temperature) {
    session.execute(latest.bind(sensor, at, (float) temperature, 50f, 7L, "site-" + sensor % 3));
  }

  /**
   * One reading every {@code every} from {@code from} to {@code to} inclusive; returns the count.
   */
  int readings(int sensor, Instant from, Instant to, Duration every) {
    List<CompletionStage<AsyncResultSet>> writes = new ArrayList<>();
    int count = 0;
    for (Instant t = from; !t.isAfter(to); t = t.plus(every)) {
      float temperature = (float) (20 + 5 * Math.sin(count / 50.0));
      writes.add(
          session.executeAsync(
              reading.bind(sensor, day(t), t, temperature, 50f, (long) count, "site-1", t)));
      count++;
      if (writes.size() >= 256) {
        join(writes);
      }
    }
    join(writes);
    return count;
  }

  void hours(int sensor, Instant from, Instant to) {
    for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofHours(1))) {
      LocalDate month = day(t).withDayOfMonth(1);
      session.execute(hour.bind(sensor, month, t, 60L, 18.0, 24.0, 21.0));
    }
  }

  void minutes(int sensor, Instant from, Instant to) {
    List<CompletionStage<AsyncResultSet>> writes = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(1))) {
      writes.add(session.executeAsync(minute.bind(sensor, day(t), t, 1L, 19.0, 23.0, 21.0)));
      if (writes.size() >= 256) {
        join(writes);
      }
    }
    join(writes);
  }

  /** One minute window with the given reading count (the streaming job's upsert of it). */
  void minute(int sensor, Instant window, long readings) {
    session.execute(minute.bind(sensor, day(window), window, readings, 19.0, 23.0, 21.0));
  }

  void alert(int sensor, Instant ts, String rule, double value) {
    session.execute(alert.bind(sensor, ts, rule, day(ts), value, 40.0, rule + " " + value));
    session.execute(alertByDay.bind(day(ts), ts, sensor, rule, value, 40.0, rule + " " + value));
  }

  static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  private static void join(List<CompletionStage<AsyncResultSet>> writes) {
    CompletableFuture.allOf(
            writes.stream()
                .map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new))
        .join();
    writes.clear();
  }
}
