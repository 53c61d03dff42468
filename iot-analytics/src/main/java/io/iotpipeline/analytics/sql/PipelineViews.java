package io.iotpipeline.analytics.sql;

import io.iotpipeline.analytics.CassandraTables;
import io.iotpipeline.analytics.ReadingParser;
import io.iotpipeline.analytics.StreamingJob;
import io.iotpipeline.config.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Makes the pipeline's data queryable by name: every table of the keyspace as a temporary view over
 * the Spark Cassandra Connector (lazy: a query reads only what it needs, and predicates on a
 * table's whole partition key are pushed down as keyed reads), and the readings topic as a view of
 * parsed readings (a batch read of the topic from its earliest to its latest offsets, decoded by
 * {@link ReadingParser} like the streaming job; undecodable records are left out). The keyspace is
 * also reachable through the catalog {@code cassandra} ({@code cassandra.other_keyspace.table}).
 */
public final class PipelineViews {

  /** The connector's catalog, named so queries can reach any keyspace. */
  public static final String CATALOG = "cassandra";

  private PipelineViews() {}

  /**
   * @return the names of the views registered, tables first, then the topic
   */
  public static List<String> register(SparkSession spark, String keyspace, KafkaSettings kafka) {
    spark
        .conf()
        .set(
            "spark.sql.catalog." + CATALOG,
            "com.datastax.spark.connector.datasource.CassandraCatalog");
    CassandraTables tables = new CassandraTables(spark, keyspace);
    List<String> names = new ArrayList<>();
    for (Row row : spark.sql("SHOW TABLES IN " + CATALOG + "." + keyspace).collectAsList()) {
      String table = row.getString(row.fieldIndex("tableName"));
      tables.read(table).createOrReplaceTempView(quoted(table));
      names.add(table);
    }
    readings(spark, kafka).createOrReplaceTempView(quoted(kafka.topic()));
    names.add(kafka.topic());
    return names;
  }

  /** The topic's readings, with the {@code sensor_data} columns and {@code day}. */
  static Dataset<Row> readings(SparkSession spark, KafkaSettings kafka) {
    Dataset<Row> records =
        spark
            .read()
            .format("kafka")
            // The bootstrap servers and, on a secure stack, the client's security options.
            .options(StreamingJob.kafkaOptions(kafka))
            .option("subscribe", kafka.topic())
            .option("startingOffsets", "earliest")
            .option("endingOffsets", "latest")
            // Records past the topic's retention are gone: read what is there.
            .option("failOnDataLoss", "false")
            .load();
    return ReadingParser.valid(ReadingParser.decodeAll(records));
  }

  /** A name as a SQL identifier: topics may hold dashes or dots ({@code it-readings}). */
  static String quoted(String name) {
    return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
  }
}
