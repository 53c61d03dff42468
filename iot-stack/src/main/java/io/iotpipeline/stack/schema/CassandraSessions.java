package io.iotpipeline.stack.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.stack.StackException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The one place that turns {@link CassandraSettings} into a driver session. */
public final class CassandraSessions {
  private CassandraSessions() {}

  /** A session not bound to a keyspace (for DDL and for tests that create keyspaces). */
  public static CqlSession open(CassandraSettings cassandra) {
    return open(cassandra, false);
  }

  /** A session whose statements default to the settings' keyspace. */
  public static CqlSession openInKeyspace(CassandraSettings cassandra) {
    return open(cassandra, true);
  }

  private static CqlSession open(CassandraSettings cassandra, boolean useKeyspace) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, cassandra.requestTimeout())
        // Schema changes on a busy 2-core box take longer than the 2 s default.
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, cassandra.ddlTimeout())
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, cassandra.ddlTimeout())
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(10))
        .build();
    CqlSessionBuilder builder = CqlSession.builder()
        .withConfigLoader(config)
        .withLocalDatacenter(cassandra.localDc());
    for (InetSocketAddress point : cassandra.contactPoints()) {
      builder.addContactPoint(point.isUnresolved()
          ? new InetSocketAddress(point.getHostString(), point.getPort()) : point);
    }
    if (useKeyspace) {
      builder.withKeyspace(cassandra.keyspace());
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new StackException("cannot connect to Cassandra at " + cassandra.contactPoints()
          + " (dc " + cassandra.localDc() + "): " + e.getMessage()
          + ". Is it running? (./iot stack status)", e);
    }
  }
}
