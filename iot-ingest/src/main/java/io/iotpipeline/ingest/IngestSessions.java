package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.iotpipeline.config.CassandraSettings;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The ingester's driver session. Unlike the general-purpose session of iot-stack it reconnects
 * to a node that came back within 2 s (the driver default backs off up to 60 s, which would
 * stretch a 20 s outage into a minute of stalled ingest), and writes at LOCAL_QUORUM, so
 * "acknowledged" means durable on a majority of replicas when the keyspace has several.
 */
public final class IngestSessions {
  private IngestSessions() {}

  public static CqlSession open(CassandraSettings cassandra) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, cassandra.requestTimeout())
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, cassandra.ddlTimeout())
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, cassandra.ddlTimeout())
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(5))
        .build();
    CqlSessionBuilder builder = CqlSession.builder()
        .withConfigLoader(config)
        .withLocalDatacenter(cassandra.localDc());
    for (InetSocketAddress point : cassandra.contactPoints()) {
      builder.addContactPoint(point.isUnresolved()
          ? new InetSocketAddress(point.getHostString(), point.getPort()) : point);
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new FatalIngestException("cannot connect to Cassandra at " + cassandra.contactPoints()
          + " (dc " + cassandra.localDc() + "): " + e.getMessage()
          + ". Is it running? (./iot stack status)", e);
    }
  }
}
