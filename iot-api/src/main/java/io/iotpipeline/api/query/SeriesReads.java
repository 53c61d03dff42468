package io.iotpipeline.api.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.api.query.Records.Reading;
import io.iotpipeline.api.query.Records.Series;
import io.iotpipeline.api.query.SeriesPlanner.Plan;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * Chart series from the raw table or a rollup, as chosen by a {@link SeriesPlanner.Plan}. Rollup
 * windows that have settled come from {@link SettledRollups} when it is enabled; the newer ones are
 * read from Cassandra on every request.
 */
public final class SeriesReads {

  /** Raw and minute reads visit one partition per day: no longer ranges for them. */
  public static final Duration MAX_DAY_WALK = Duration.ofDays(366);

  /** Partition reads in flight at once during a walk. */
  static final int WINDOW = 4;

  private static final String ROLLUP_COLUMNS =
      "readings, temperature_min, temperature_max," + " temperature_avg, humidity_avg";

  /**
   * A rollup table and its two reads: a window range of one partition, and the windows of one
   * partition that started before a horizon (what {@link SettledRollups} keeps).
   *
   * @param unit one window's length, to which a range's start is truncated
   * @param settle how long after it started a window is taken as final: minutes are written by the
   *     streaming job within its watermark (30 s by default) plus its lag; hours and days by batch
   *     runs, whose re-runs the cache's TTL covers
   * @param dateKey the window column is a {@code date} (day rollups), not a timestamp
   */
  private record RollupTable(
      ChronoUnit unit,
      Duration settle,
      boolean dateKey,
      PreparedStatement range,
      PreparedStatement settled) {

    Object windowKey(Instant t) {
      return dateKey ? SensorDay.utcDay(t) : t;
    }
  }

  /** One partition of a rollup table: its key and the time it covers, [start, end). */
  private record Partition(Object key, Instant start, Instant end) {}

  private final CqlSession session;
  private final SensorReads sensors;
  private final SettledRollups settledRollups;
  private final Clock clock;
  private final Map<Resolution, RollupTable> tables = new EnumMap<>(Resolution.class);

  public SeriesReads(
      CqlSession session,
      String keyspace,
      SensorReads sensors,
      SettledRollups settledRollups,
      Clock clock) {
    this.session = session;
    this.sensors = sensors;
    this.settledRollups = settledRollups;
    this.clock = clock;
    tables.put(
        Resolution.MINUTE,
        table(
            keyspace,
            Tables.SENSOR_AGG_MINUTE.name(),
            "day",
            "window_start",
            ChronoUnit.MINUTES,
            Duration.ofMinutes(15)));
    tables.put(
        Resolution.HOUR,
        table(
            keyspace,
            Tables.SENSOR_AGG_HOUR.name(),
            "month",
            "window_start",
            ChronoUnit.HOURS,
            Duration.ofHours(2)));
    tables.put(
        Resolution.DAY,
        table(
            keyspace,
            Tables.SENSOR_AGG_DAY.name(),
            "year",
            "day",
            ChronoUnit.DAYS,
            Duration.ofDays(2)));
  }

  private RollupTable table(
      String keyspace,
      String name,
      String partitionColumn,
      String windowColumn,
      ChronoUnit unit,
      Duration settle) {
    String select =
        "SELECT "
            + windowColumn
            + ", "
            + ROLLUP_COLUMNS
            + " FROM "
            + keyspace
            + "."
            + name
            + " WHERE sensor_id = ? AND "
            + partitionColumn
            + " = ? AND "
            + windowColumn;
    return new RollupTable(
        unit,
        settle,
        unit == ChronoUnit.DAYS,
        session.prepare(select + " >= ? AND " + windowColumn + " <= ? LIMIT ?"),
        session.prepare(select + " < ?"));
  }

  /** Reads the planned resolution; in automatic mode an empty rollup falls back to finer ones. */
  public Series read(int sensorId, TimeRange range, Plan plan) {
    List<SeriesPoint> points = read(sensorId, range, plan.resolution(), plan.limit());
    Resolution used = plan.resolution();
    for (Resolution fallback : plan.fallbacks()) {
      if (!points.isEmpty()) {
        break;
      }
      if (fallback.compareTo(Resolution.MINUTE) <= 0
          && range.length().compareTo(MAX_DAY_WALK) > 0) {
        break;
      }
      points = read(sensorId, range, fallback, plan.limit());
      used = fallback;
    }
    boolean fallback = used != plan.resolution();
    long estimated =
        fallback ? Math.max(points.size(), plan.estimatedPoints()) : plan.estimatedPoints();
    boolean truncated = points.size() >= plan.limit() && estimated > plan.limit();
    Collections.reverse(points);
    return columns(sensorId, range, used, plan.automatic(), fallback, estimated, truncated, points);
  }

  /** Up to {@code limit} points of one resolution, newest first. */
  private List<SeriesPoint> read(int sensorId, TimeRange range, Resolution resolution, int limit) {
    if (resolution == Resolution.RAW) {
      List<SeriesPoint> points = new ArrayList<>();
      for (Reading reading : sensors.readings(sensorId, range, limit).readings()) {
        points.add(
            new SeriesPoint(
                reading.timestamp().toEpochMilli(),
                reading.temperature(),
                reading.humidity(),
                reading.temperature(),
                reading.temperature(),
                1));
      }
      return points;
    }
    RollupTable table = tables.get(resolution);
    Instant from = range.from().truncatedTo(table.unit());
    Instant horizon = clock.instant().minus(table.settle()).truncatedTo(table.unit());
    List<IntFunction<CompletableFuture<List<SeriesPoint>>>> reads = new ArrayList<>();
    for (Partition partition : partitions(resolution, range)) {
      reads.add(
          wanted ->
              read(table, resolution, sensorId, partition, from, range.to(), horizon, wanted));
    }
    return walk(reads, limit);
  }

  /**
   * The windows of one partition in [from, to], newest first, at most {@code wanted}: settled ones
   * from the cache (loaded on a miss), the others from Cassandra.
   */
  private CompletableFuture<List<SeriesPoint>> read(
      RollupTable table,
      Resolution resolution,
      int sensorId,
      Partition partition,
      Instant from,
      Instant to,
      Instant horizon,
      int wanted) {
    if (!settledRollups.enabled() || !partition.start().isBefore(horizon)) {
      return fetchRange(table, sensorId, partition, from, to, wanted);
    }
    SettledRollups.Key key = new SettledRollups.Key(resolution, sensorId, partition.key());
    return settledRollups
        .get(
            key,
            horizon,
            before ->
                fetch(
                    table.settled().bind(sensorId, partition.key(), table.windowKey(before)),
                    table.dateKey()))
        .thenCompose(
            settled -> {
              Instant cut = settled.settledBefore();
              Instant freshFrom = from.isAfter(cut) ? from : cut;
              boolean freshNeeded = partition.end().isAfter(cut) && !to.isBefore(freshFrom);
              CompletableFuture<List<SeriesPoint>> fresh =
                  freshNeeded
                      ? fetchRange(table, sensorId, partition, freshFrom, to, wanted)
                      : CompletableFuture.completedFuture(new ArrayList<>());
              return fresh.thenApply(
                  points -> {
                    if (points.size() < wanted) {
                      points.addAll(settled.within(from, to, wanted - points.size()));
                    }
                    return points;
                  });
            });
  }

  /** Up to {@code wanted} windows of one partition in [from, to], newest first, from Cassandra. */
  private CompletableFuture<List<SeriesPoint>> fetchRange(
      RollupTable table, int sensorId, Partition partition, Instant from, Instant to, int wanted) {
    return fetch(
        table
            .range()
            .bind(sensorId, partition.key(), table.windowKey(from), table.windowKey(to), wanted),
        table.dateKey());
  }

  /** The partitions a range touches, newest first. */
  private static List<Partition> partitions(Resolution resolution, TimeRange range) {
    DayPartitions days = new DayPartitions(range);
    List<Partition> partitions = new ArrayList<>();
    switch (resolution) {
      case MINUTE ->
          days.forEach(
              day -> partitions.add(new Partition(day, startOf(day), startOf(day.plusDays(1)))));
      case HOUR ->
          days.months()
              .forEach(
                  month ->
                      partitions.add(
                          new Partition(month, startOf(month), startOf(month.plusMonths(1)))));
      case DAY ->
          days.years()
              .forEach(
                  year ->
                      partitions.add(
                          new Partition(
                              year,
                              startOf(LocalDate.of(year, 1, 1)),
                              startOf(LocalDate.of(year + 1, 1, 1)))));
      default -> throw new IllegalStateException("not a rollup: " + resolution);
    }
    return partitions;
  }

  private static Instant startOf(LocalDate day) {
    return SensorDay.startOf(day);
  }

  /**
   * Reads partitions newest first until {@code limit} points, with up to {@link #WINDOW} partition
   * reads in flight: a day of minutes spans two day partitions, read at once rather than in turn.
   * Each read asks for what was still missing when it was issued, so over-reading is bounded by the
   * window; the results of reads no longer needed are dropped.
   *
   * @param reads one read per partition, newest first, given the number of points to ask for
   */
  private static List<SeriesPoint> walk(
      List<IntFunction<CompletableFuture<List<SeriesPoint>>>> reads, int limit) {
    List<SeriesPoint> points = new ArrayList<>();
    Deque<CompletableFuture<List<SeriesPoint>>> inFlight = new ArrayDeque<>();
    int next = 0;
    try {
      while (points.size() < limit && (next < reads.size() || !inFlight.isEmpty())) {
        while (inFlight.size() < WINDOW && next < reads.size()) {
          inFlight.add(reads.get(next++).apply(limit - points.size()));
        }
        points.addAll(await(inFlight.poll()));
      }
    } finally {
      // Composed futures: cancelling drops the result, the driver request itself runs to its end.
      inFlight.forEach(read -> read.cancel(true));
    }
    return points.size() > limit ? new ArrayList<>(points.subList(0, limit)) : points;
  }

  /** Every row of a statement (all its pages), as points in the table's order. */
  private CompletableFuture<List<SeriesPoint>> fetch(BoundStatement statement, boolean dateKey) {
    List<SeriesPoint> points = new ArrayList<>();
    return session
        .executeAsync(statement.setPageSize(5000))
        .thenCompose(page -> drain(page, points, dateKey))
        .toCompletableFuture();
  }

  private static CompletionStage<List<SeriesPoint>> drain(
      AsyncResultSet page, List<SeriesPoint> points, boolean dateKey) {
    for (Row row : page.currentPage()) {
      points.add(point(row, dateKey));
    }
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> drain(next, points, dateKey))
        : CompletableFuture.completedFuture(points);
  }

  private static List<SeriesPoint> await(CompletableFuture<List<SeriesPoint>> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static SeriesPoint point(Row row, boolean dateKey) {
    long t =
        dateKey ? startOf(row.getLocalDate(0)).toEpochMilli() : row.getInstant(0).toEpochMilli();
    return new SeriesPoint(
        t, row.getDouble(4), row.getDouble(5), row.getDouble(2), row.getDouble(3), row.getLong(1));
  }

  private static Series columns(
      int sensorId,
      TimeRange range,
      Resolution resolution,
      boolean automatic,
      boolean fallback,
      long estimated,
      boolean truncated,
      List<SeriesPoint> points) {
    int n = points.size();
    long[] t = new long[n];
    double[] temperature = new double[n];
    double[] humidity = new double[n];
    double[] minimum = new double[n];
    double[] maximum = new double[n];
    long[] readings = new long[n];
    for (int i = 0; i < n; i++) {
      SeriesPoint point = points.get(i);
      t[i] = point.t();
      temperature[i] = point.avgTemperature();
      humidity[i] = point.avgHumidity();
      minimum[i] = point.minTemperature();
      maximum[i] = point.maxTemperature();
      readings[i] = point.readings();
    }
    return new Series(
        sensorId,
        resolution.label(),
        automatic,
        fallback,
        range.from(),
        range.to(),
        estimated,
        truncated,
        n,
        t,
        temperature,
        humidity,
        minimum,
        maximum,
        readings);
  }
}
