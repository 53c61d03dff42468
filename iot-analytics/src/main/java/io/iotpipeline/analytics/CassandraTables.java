package io.iotpipeline.analytics;

import io.iotpipeline.model.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** Reads and writes tables of one keyspace through the Spark Cassandra Connector. */
public final class CassandraTables {

  static final String FORMAT = "org.apache.spark.sql.cassandra";

  private final SparkSession spark;
  private final String keyspace;

  public CassandraTables(SparkSession spark, String keyspace) {
    this.spark = spark;
    this.keyspace = keyspace;
  }

  public String keyspace() {
    return keyspace;
  }

  /** A lazy scan of a table; filters on its partition key are pushed down to Cassandra. */
  public Dataset<Row> read(String table) {
    return spark.read().format(FORMAT).option("keyspace", keyspace).option("table", table).load();
  }

  /**
   * A table to be joined with a DataFrame of its full partition keys: the connector then reads
   * exactly those partitions, concurrently, instead of scanning the table ("direct join"). "on"
   * rather than "auto", because auto compares against size estimates that a young table lacks.
   */
  public Dataset<Row> readForKeyedJoin(String table) {
    return spark
        .read()
        .format(FORMAT)
        .option("keyspace", keyspace)
        .option("table", table)
        .option("directJoinSetting", "on")
        .load();
  }

  /** Upserts the rows (the connector's Append is an INSERT per row, keyed by the primary key). */
  public void upsert(Dataset<Row> rows, String table) {
    rows.write()
        .format(FORMAT)
        .option("keyspace", keyspace)
        .option("table", table)
        .mode(SaveMode.Append)
        .save();
  }

  /** Alerts go to both alert tables: one keyed for per-sensor queries, one for time queries. */
  public void upsertAlerts(Dataset<Row> alerts) {
    upsert(alerts, Tables.SENSOR_ALERTS.name());
    upsert(alerts, Tables.SENSOR_ALERTS_BY_DAY.name());
  }
}
