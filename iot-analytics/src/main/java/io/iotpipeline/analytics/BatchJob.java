package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.iotpipeline.model.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch rollups of a date range: reads {@code sensor_data}, writes {@code sensor_agg_hour}, {@code
 * sensor_agg_day} and {@code fleet_report}, and returns the report.
 *
 * <p>Reading without a full scan: {@code sensor_data} is partitioned by (sensor_id, day), and the
 * connector pushes a predicate down only when it restricts the whole partition key. A date range
 * over all sensors does not, so the job builds the list of partition keys itself (known sensors x
 * days in the range) and joins it with the table. With the connector's Spark extensions that join
 * runs as a "direct join": one keyed read per partition, issued concurrently from the executors,
 * touching only the requested days. The known sensors come from the small {@code sensors} and
 * {@code sensor_latest} tables (one row per sensor), or from {@code --sensors}.
 */
public final class BatchJob {

  private static final Logger log = LoggerFactory.getLogger(BatchJob.class);

  private static final StructType KEYS =
      new StructType().add("sensor_id", DataTypes.IntegerType).add("day", DataTypes.DateType);

  /** The period and scope of one run. An empty sensor list means every known sensor. */
  public record Request(LocalDate from, LocalDate to, List<Integer> sensors, int topN) {
    public Request {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      sensors = List.copyOf(sensors);
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("--to " + to + " is before --from " + from);
      }
      if (topN < 1) {
        throw new IllegalArgumentException("--top must be >= 1");
      }
    }

    public String period() {
      return from + ".." + to;
    }

    public List<LocalDate> days() {
      return from.datesUntil(to.plusDays(1)).toList();
    }
  }

  /** What a run did. Report rows: (section, rank, sensor_id, value). */
  public record Result(
      long readings, long hours, long days, int sensors, List<Row> report, Duration took) {}

  private final SparkSession spark;
  private final CassandraTables tables;
  private final Clock clock;

  public BatchJob(SparkSession spark, String keyspace, Clock clock) {
    this.spark = spark;
    this.tables = new CassandraTables(spark, keyspace);
    this.clock = clock;
  }

  public Result run(Request request) {
    long began = System.nanoTime();
    List<Integer> sensors = request.sensors().isEmpty() ? knownSensors() : request.sensors();
    if (sensors.isEmpty()) {
      return new Result(0, 0, 0, 0, List.of(), Duration.ofNanos(System.nanoTime() - began));
    }
    log.info("Rolling up {} for {} sensor(s)", request.period(), sensors.size());
    Dataset<Row> readings = readings(sensors, request.days());

    Dataset<Row> hourly = Rollups.hourly(readings).persist();
    try {
      tables.upsert(hourly, Tables.SENSOR_AGG_HOUR.name());
      Dataset<Row> daily = Rollups.daily(hourly).persist();
      tables.upsert(daily, Tables.SENSOR_AGG_DAY.name());
      long hours = hourly.count();
      long days = daily.count();
      long rows =
          daily
              .agg(org.apache.spark.sql.functions.sum("readings"))
              .as(Encoders.LONG())
              .collectAsList()
              .stream()
              .filter(Objects::nonNull)
              .findFirst()
              .orElse(0L);
      daily.unpersist();

      Dataset<Row> alerts =
          tables
              .read(Tables.SENSOR_ALERTS_BY_DAY.name())
              .where(col("day").isin(request.days().stream().map(Date::valueOf).toArray()))
              .where(col("sensor_id").isin(sensors.toArray()));
      long minutes = request.days().size() * 1440L;
      Dataset<Row> report = FleetReport.of(hourly, alerts, minutes, request.topN()).persist();
      tables.upsert(
          report
              .withColumn("period", lit(request.period()))
              .withColumn("generated_at", lit(Timestamp.from(clock.instant()))),
          Tables.FLEET_REPORT.name());
      List<Row> reportRows = report.orderBy("section", "rank").collectAsList();
      report.unpersist();
      return new Result(
          rows,
          hours,
          days,
          sensors.size(),
          reportRows,
          Duration.ofNanos(System.nanoTime() - began));
    } finally {
      hourly.unpersist();
    }
  }

  /** The readings of the given sensors and days, read partition by partition (see class doc). */
  Dataset<Row> readings(List<Integer> sensors, List<LocalDate> days) {
    List<Row> keys = new ArrayList<>(sensors.size() * days.size());
    for (int sensor : sensors) {
      for (LocalDate day : days) {
        keys.add(RowFactory.create(sensor, Date.valueOf(day)));
      }
    }
    // Enough key partitions that both cores issue reads; each key is one Cassandra partition.
    int partitions =
        Math.max(1, Math.min(keys.size() / 50 + 1, spark.sparkContext().defaultParallelism() * 4));
    Dataset<Row> keyFrame = spark.createDataFrame(keys, KEYS).repartition(partitions);
    scala.collection.immutable.Seq<String> partitionKey =
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("sensor_id", "day")).toSeq();
    return keyFrame
        .join(tables.readForKeyedJoin(Tables.SENSOR_DATA.name()), partitionKey)
        .select(
            col("sensor_id"),
            col("timestamp"),
            col("temperature").cast("double").as("temperature"),
            col("humidity").cast("double").as("humidity"));
  }

  private List<Integer> knownSensors() {
    Dataset<Integer> fromFleet =
        tables.read(Tables.SENSORS.name()).select("sensor_id").as(Encoders.INT());
    Dataset<Integer> fromReadings =
        tables.read(Tables.SENSOR_LATEST.name()).select("sensor_id").as(Encoders.INT());
    List<Integer> sensors =
        fromFleet.union(fromReadings).distinct().collectAsList().stream().sorted().toList();
    if (sensors.isEmpty()) {
      log.warn(
          "No sensors known in {}.sensors or sensor_latest: nothing to roll up", tables.keyspace());
    }
    return sensors;
  }
}
