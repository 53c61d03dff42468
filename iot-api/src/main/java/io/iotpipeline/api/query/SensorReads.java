package io.iotpipeline.api.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.api.query.Records.LatestReading;
import io.iotpipeline.api.query.Records.Reading;
import io.iotpipeline.api.query.Records.ReadingsPage;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of {@code sensor_latest} and {@code sensor_data}, all through prepared statements. */
public final class SensorReads {

  /** Assumed when a sensor has too few recent readings to measure its interval. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private static final int INTERVAL_SAMPLE = 20;

  private final CqlSession session;
  private final PreparedStatement allLatest;
  private final PreparedStatement oneLatest;
  private final PreparedStatement describedSensor;
  private final PreparedStatement readingsOfDay;
  private final PreparedStatement newestTimestamps;

  public SensorReads(CqlSession session, String keyspace) {
    this.session = session;
    // A full read of a table with one small row per sensor: bounded by the fleet size, paged.
    this.allLatest =
        session.prepare(
            "SELECT sensor_id, timestamp, temperature, humidity, seq, site"
                + " FROM "
                + Tables.SENSOR_LATEST.in(keyspace));
    this.oneLatest =
        session.prepare(
            "SELECT sensor_id, timestamp, temperature, humidity, seq, site"
                + " FROM "
                + Tables.SENSOR_LATEST.in(keyspace)
                + " WHERE sensor_id = ?");
    this.describedSensor =
        session.prepare(
            "SELECT sensor_id FROM " + Tables.SENSORS.in(keyspace) + " WHERE sensor_id = ?");
    this.readingsOfDay =
        session.prepare(
            "SELECT timestamp, temperature, humidity, seq, site,"
                + " ingested_at FROM "
                + Tables.SENSOR_DATA.in(keyspace)
                + " WHERE sensor_id = ? AND day = ?"
                + " AND timestamp >= ? AND timestamp <= ? LIMIT ?");
    this.newestTimestamps =
        session.prepare(
            "SELECT timestamp FROM "
                + Tables.SENSOR_DATA.in(keyspace)
                + " WHERE sensor_id = ? AND day = ? LIMIT "
                + INTERVAL_SAMPLE);
  }

  public List<LatestReading> fleet() {
    List<LatestReading> fleet = new ArrayList<>();
    for (Row row : session.execute(allLatest.bind().setPageSize(5000))) {
      fleet.add(latest(row));
    }
    fleet.sort((a, b) -> Integer.compare(a.sensorId(), b.sensorId()));
    return fleet;
  }

  public Optional<LatestReading> latest(int sensorId) {
    Row row = session.execute(oneLatest.bind(sensorId)).one();
    return Optional.ofNullable(row).map(SensorReads::latest);
  }

  /** A sensor is known when it has a latest reading or a description. */
  public boolean exists(int sensorId) {
    return latest(sensorId).isPresent()
        || session.execute(describedSensor.bind(sensorId)).one() != null;
  }

  /** Raw readings of a range, newest first, walking day partitions until {@code limit} rows. */
  public ReadingsPage readings(int sensorId, TimeRange range, int limit) {
    List<Reading> readings = new ArrayList<>(Math.min(limit, 1024));
    for (LocalDate day : new DayPartitions(range)) {
      int wanted = limit - readings.size();
      ResultSet rows =
          session.execute(
              readingsOfDay
                  .bind(sensorId, day, range.from(), range.to(), wanted)
                  .setPageSize(Math.min(wanted, 5000)));
      for (Row row : rows) {
        readings.add(
            new Reading(
                row.getInstant(0),
                row.getFloat(1),
                row.getFloat(2),
                row.isNull(3) ? null : row.getLong(3),
                row.getString(4),
                row.getInstant(5)));
      }
      if (readings.size() >= limit) {
        break;
      }
    }
    String next = null;
    if (readings.size() >= limit) {
      Instant oldest = readings.get(readings.size() - 1).timestamp();
      if (oldest.isAfter(range.from())) {
        TimeRange rest = range.before(oldest);
        next = "from=" + rest.from() + "&to=" + rest.to() + "&limit=" + limit;
      }
    }
    return new ReadingsPage(
        sensorId, range.from(), range.to(), limit, readings.size(), readings, next);
  }

  /**
   * The sensor's typical time between readings, from its newest readings on the day of its latest
   * one: what the series planner needs to know how many raw points a range holds.
   */
  public Duration reportingInterval(int sensorId, Instant latest) {
    LocalDate day = SensorDay.utcDay(latest);
    List<Instant> newest = new ArrayList<>(INTERVAL_SAMPLE);
    for (Row row : session.execute(newestTimestamps.bind(sensorId, day))) {
      newest.add(row.getInstant(0));
    }
    if (newest.size() < 2) {
      return DEFAULT_INTERVAL;
    }
    Duration span = Duration.between(newest.get(newest.size() - 1), newest.get(0));
    Duration interval = span.dividedBy(newest.size() - 1);
    return interval.isZero() ? Duration.ofMillis(1) : interval;
  }

  private static LatestReading latest(Row row) {
    return new LatestReading(
        row.getInt(0),
        row.getInstant(1),
        row.getFloat(2),
        row.getFloat(3),
        row.isNull(4) ? null : row.getLong(4),
        row.getString(5));
  }
}
