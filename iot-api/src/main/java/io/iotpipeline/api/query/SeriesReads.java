package io.iotpipeline.api.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.api.query.Records.Reading;
import io.iotpipeline.api.query.Records.Series;
import io.iotpipeline.api.query.SeriesPlanner.Plan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Chart series from the raw table or a rollup, as chosen by a {@link SeriesPlanner.Plan}. */
public final class SeriesReads {

  /** One point before it is laid out in columns. */
  private record Point(Instant t, double avgTemperature, double avgHumidity, double minTemperature,
      double maxTemperature, long readings) {}

  /** Raw and minute reads visit one partition per day: no fallback to them over longer ranges. */
  static final Duration MAX_DAY_WALK = Duration.ofDays(366);

  private static final String ROLLUP_COLUMNS = "readings, temperature_min, temperature_max,"
      + " temperature_avg, humidity_avg";

  private final CqlSession session;
  private final SensorReads sensors;
  private final PreparedStatement minutes;
  private final PreparedStatement hours;
  private final PreparedStatement days;

  public SeriesReads(CqlSession session, String keyspace, SensorReads sensors) {
    this.session = session;
    this.sensors = sensors;
    this.minutes = session.prepare("SELECT window_start, " + ROLLUP_COLUMNS + " FROM " + keyspace
        + ".sensor_agg_minute WHERE sensor_id = ? AND day = ? AND window_start >= ?"
        + " AND window_start <= ? LIMIT ?");
    this.hours = session.prepare("SELECT window_start, " + ROLLUP_COLUMNS + " FROM " + keyspace
        + ".sensor_agg_hour WHERE sensor_id = ? AND month = ? AND window_start >= ?"
        + " AND window_start <= ? LIMIT ?");
    this.days = session.prepare("SELECT day, " + ROLLUP_COLUMNS + " FROM " + keyspace
        + ".sensor_agg_day WHERE sensor_id = ? AND year = ? AND day >= ? AND day <= ? LIMIT ?");
  }

  /** Reads the planned resolution; in automatic mode an empty rollup falls back to finer ones. */
  public Series read(int sensorId, TimeRange range, Plan plan) {
    List<Point> points = read(sensorId, range, plan.resolution(), plan.limit());
    Resolution used = plan.resolution();
    for (Resolution fallback : plan.fallbacks()) {
      if (!points.isEmpty()) {
        break;
      }
      if (fallback.compareTo(Resolution.MINUTE) <= 0 && range.length().compareTo(MAX_DAY_WALK) > 0) {
        break;
      }
      points = read(sensorId, range, fallback, plan.limit());
      used = fallback;
    }
    boolean fallback = used != plan.resolution();
    long estimated = fallback ? Math.max(points.size(), plan.estimatedPoints()) : plan.estimatedPoints();
    boolean truncated = points.size() >= plan.limit() && estimated > plan.limit();
    Collections.reverse(points);
    return columns(sensorId, range, used, plan.automatic(), fallback, estimated, truncated, points);
  }

  /** Up to {@code limit} points of one resolution, newest first. */
  private List<Point> read(int sensorId, TimeRange range, Resolution resolution, int limit) {
    List<Point> points = new ArrayList<>();
    DayPartitions partitions = new DayPartitions(range);
    switch (resolution) {
      case RAW -> {
        for (Reading reading : sensors.readings(sensorId, range, limit).readings()) {
          points.add(new Point(reading.timestamp(), reading.temperature(), reading.humidity(),
              reading.temperature(), reading.temperature(), 1));
        }
      }
      case MINUTE -> {
        Instant from = range.from().truncatedTo(ChronoUnit.MINUTES);
        for (LocalDate day : partitions) {
          fill(points, limit, minutes.bind(sensorId, day, from, range.to(), limit - points.size()),
              false);
        }
      }
      case HOUR -> {
        Instant from = range.from().truncatedTo(ChronoUnit.HOURS);
        for (LocalDate month : partitions.months()) {
          fill(points, limit, hours.bind(sensorId, month, from, range.to(), limit - points.size()),
              false);
        }
      }
      case DAY -> {
        LocalDate from = LocalDate.ofInstant(range.from(), ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(range.to(), ZoneOffset.UTC);
        for (int year : partitions.years()) {
          fill(points, limit, days.bind(sensorId, year, from, to, limit - points.size()), true);
        }
      }
      default -> throw new IllegalStateException("unhandled resolution " + resolution);
    }
    return points;
  }

  /** @param dateKey the first column is a {@code date} (day rollups), not a timestamp */
  private void fill(List<Point> points, int limit, BoundStatement statement, boolean dateKey) {
    if (points.size() >= limit) {
      return;
    }
    for (Row row : session.execute(statement.setPageSize(Math.min(limit, 5000)))) {
      Instant t = dateKey
          ? row.getLocalDate(0).atStartOfDay(ZoneOffset.UTC).toInstant()
          : row.getInstant(0);
      points.add(new Point(t, row.getDouble(4), row.getDouble(5), row.getDouble(2),
          row.getDouble(3), row.getLong(1)));
    }
  }

  private static Series columns(int sensorId, TimeRange range, Resolution resolution,
      boolean automatic, boolean fallback, long estimated, boolean truncated, List<Point> points) {
    int n = points.size();
    long[] t = new long[n];
    double[] temperature = new double[n];
    double[] humidity = new double[n];
    double[] minimum = new double[n];
    double[] maximum = new double[n];
    long[] readings = new long[n];
    for (int i = 0; i < n; i++) {
      Point point = points.get(i);
      t[i] = point.t().toEpochMilli();
      temperature[i] = round(point.avgTemperature());
      humidity[i] = round(point.avgHumidity());
      minimum[i] = round(point.minTemperature());
      maximum[i] = round(point.maxTemperature());
      readings[i] = point.readings();
    }
    return new Series(sensorId, resolution.label(), automatic, fallback, range.from(), range.to(),
        estimated, truncated, n, t, temperature, humidity, minimum, maximum, readings);
  }

  /** Averages carry float noise a chart does not show; 3 decimals keep the payload small. */
  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
