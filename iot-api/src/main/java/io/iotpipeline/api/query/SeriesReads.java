package io.iotpipeline.api.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/** Chart series from the raw table or a rollup, as chosen by a {@link SeriesPlanner.Plan}. */
public final class SeriesReads {

  /** One point before it is laid out in columns. */
  private record Point(Instant t, double avgTemperature, double avgHumidity, double minTemperature,
      double maxTemperature, long readings) {}

  /** Raw and minute reads visit one partition per day: no fallback to them over longer ranges. */
  static final Duration MAX_DAY_WALK = Duration.ofDays(366);
  /** Partition reads in flight at once during a walk. */
  static final int WINDOW = 4;

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
        List<IntFunction<BoundStatement>> reads = new ArrayList<>();
        partitions.forEach(day -> reads.add(n -> minutes.bind(sensorId, day, from, range.to(), n)));
        points.addAll(walk(reads, limit, false));
      }
      case HOUR -> {
        Instant from = range.from().truncatedTo(ChronoUnit.HOURS);
        List<IntFunction<BoundStatement>> reads = new ArrayList<>();
        partitions.months().forEach(month ->
            reads.add(n -> hours.bind(sensorId, month, from, range.to(), n)));
        points.addAll(walk(reads, limit, false));
      }
      case DAY -> {
        LocalDate from = LocalDate.ofInstant(range.from(), ZoneOffset.UTC);
        LocalDate to = LocalDate.ofInstant(range.to(), ZoneOffset.UTC);
        List<IntFunction<BoundStatement>> reads = new ArrayList<>();
        partitions.years().forEach(year -> reads.add(n -> days.bind(sensorId, year, from, to, n)));
        points.addAll(walk(reads, limit, true));
      }
      default -> throw new IllegalStateException("unhandled resolution " + resolution);
    }
    return points;
  }

  /**
   * Reads partitions newest first until {@code limit} points, with up to {@link #WINDOW} partition
   * reads in flight: a day of minutes spans two day partitions, read at once rather than in turn.
   * Each read asks for what was still missing when it was issued, so over-reading is bounded by
   * the window; reads no longer needed are cancelled.
   *
   * @param reads   one statement per partition, newest first, given the row limit to ask for
   * @param dateKey the first column is a {@code date} (day rollups), not a timestamp
   */
  private List<Point> walk(List<IntFunction<BoundStatement>> reads, int limit, boolean dateKey) {
    List<Point> points = new ArrayList<>();
    Deque<CompletableFuture<AsyncResultSet>> inFlight = new ArrayDeque<>();
    int next = 0;
    try {
      while (points.size() < limit && (next < reads.size() || !inFlight.isEmpty())) {
        while (inFlight.size() < WINDOW && next < reads.size()) {
          int wanted = limit - points.size();
          inFlight.add(session.executeAsync(reads.get(next++).apply(wanted)
              .setPageSize(Math.min(wanted, 5000))).toCompletableFuture());
        }
        AsyncResultSet page = await(inFlight.poll());
        while (true) {
          for (Row row : page.currentPage()) {
            points.add(point(row, dateKey));
          }
          if (!page.hasMorePages() || points.size() >= limit) {
            break;
          }
          page = await(page.fetchNextPage().toCompletableFuture());
        }
      }
    } finally {
      inFlight.forEach(read -> read.cancel(true));
    }
    return points.size() > limit ? new ArrayList<>(points.subList(0, limit)) : points;
  }

  private static AsyncResultSet await(CompletableFuture<AsyncResultSet> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static Point point(Row row, boolean dateKey) {
    Instant t = dateKey
        ? row.getLocalDate(0).atStartOfDay(ZoneOffset.UTC).toInstant()
        : row.getInstant(0);
    return new Point(t, row.getDouble(4), row.getDouble(5), row.getDouble(2), row.getDouble(3),
        row.getLong(1));
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
