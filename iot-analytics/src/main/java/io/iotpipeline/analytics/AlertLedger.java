package io.iotpipeline.analytics;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.iotpipeline.model.Tables;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/**
 * Which micro-batches of the alerts query have published their alerts to the alerts topic. A batch
 * that crashed after publishing but before Spark checkpointed its end is replayed on restart with
 * the same batch id: it finds its row here and does not publish again. The row is written once
 * Kafka acknowledged every alert of the batch, so only a crash in the moment between that
 * acknowledgement and this write can still publish a batch twice; none can lose one.
 */
final class AlertLedger implements AutoCloseable {

  private final CqlSession session;
  private final PreparedStatement select;
  private final PreparedStatement insert;
  private final String query;
  private final Clock clock;

  AlertLedger(SparkSession spark, String keyspace, String query, Clock clock) {
    // The connector's own driver session, as the progress recorder's.
    this.session = CassandraConnector.apply(spark.sparkContext().getConf()).openSession();
    String table = Tables.ALERT_PUBLICATIONS.in(keyspace);
    this.select =
        session.prepare("SELECT batch_id FROM " + table + " WHERE query = ? AND batch_id = ?");
    this.insert =
        session.prepare(
            "INSERT INTO "
                + table
                + " (query, batch_id, published_at, alerts) VALUES (?, ?, ?, ?)");
    this.query = query;
    this.clock = clock;
  }

  boolean published(long batchId) {
    return session
            .execute(select.bind(query, batchId).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one()
        != null;
  }

  void record(long batchId, long alerts) {
    session.execute(
        insert
            .bind(query, batchId, clock.instant(), alerts)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  @Override
  public void close() {
    session.close();
  }
}
