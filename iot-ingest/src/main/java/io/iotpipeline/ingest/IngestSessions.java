package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;

/**
 * The ingester's driver session: the common one, writing at LOCAL_QUORUM so "acknowledged" means
 * durable on a majority of replicas when the keyspace has several.
 */
public final class IngestSessions {
  private IngestSessions() {}

  public static CqlSession open(CassandraSettings cassandra) {
    try {
      return CassandraSessions.open(cassandra, false, options ->
          options.withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM"));
    } catch (ClientException e) {
      throw new FatalIngestException(e.getMessage(), e);
    }
  }
}
