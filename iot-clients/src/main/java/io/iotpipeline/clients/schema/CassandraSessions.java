package io.iotpipeline.clients.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.config.CassandraSecurity;
import io.iotpipeline.config.CassandraSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/** The one place that turns {@link CassandraSettings} into a driver session. */
public final class CassandraSessions {
  private CassandraSessions() {}

  /** A session not bound to a keyspace (for DDL and for tests that create keyspaces). */
  public static CqlSession open(CassandraSettings cassandra) {
    return open(cassandra, false, options -> {});
  }

  /** A session whose statements default to the settings' keyspace. */
  public static CqlSession openInKeyspace(CassandraSettings cassandra) {
    return open(cassandra, true, options -> {});
  }

  /**
   * A session in the settings' keyspace for a component that only reads (the API): every statement
   * is idempotent, so when the node a request is on dies the driver sends it to another replica
   * instead of failing it.
   */
  public static CqlSession openForReads(CassandraSettings cassandra) {
    return open(
        cassandra,
        true,
        options -> options.withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true));
  }

  /**
   * A session with driver options of its own on top of the common ones (e.g. the ingester's write
   * consistency).
   */
  public static CqlSession open(
      CassandraSettings cassandra,
      boolean useKeyspace,
      Consumer<ProgrammaticDriverConfigLoaderBuilder> extraOptions) {
    ProgrammaticDriverConfigLoaderBuilder options =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, cassandra.requestTimeout())
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, cassandra.consistency())
            // Reconnect to a node that came back within 2 s: the driver's default backs off up to
            // 60 s, which stretches a 20 s outage into a minute of stalled work.
            .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
            .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
            // Schema changes on a busy 2-core box take longer than the 2 s default.
            .withDuration(
                DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, cassandra.ddlTimeout())
            .withDuration(
                DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, cassandra.ddlTimeout())
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(10));
    CassandraSecurity security = cassandra.security();
    if (security.tls()) {
      options.withString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, "DefaultSslEngineFactory");
      options.withBoolean(
          DefaultDriverOption.SSL_HOSTNAME_VALIDATION, security.hostnameValidation());
      if (!security.truststorePath().isBlank()) {
        options
            .withString(DefaultDriverOption.SSL_TRUSTSTORE_PATH, security.truststorePath())
            .withString(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD, security.truststorePassword());
      }
    }
    extraOptions.accept(options);
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withConfigLoader(options.build())
            .withLocalDatacenter(cassandra.localDc());
    for (InetSocketAddress point : cassandra.contactPoints()) {
      builder.addContactPoint(
          point.isUnresolved()
              ? new InetSocketAddress(point.getHostString(), point.getPort())
              : point);
    }
    if (security.authenticated()) {
      builder.withAuthCredentials(security.username(), security.password());
    }
    if (useKeyspace) {
      builder.withKeyspace(cassandra.keyspace());
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new ClientException(
          "cannot connect to Cassandra at "
              + cassandra.contactPoints()
              + " (dc "
              + cassandra.localDc()
              + (security.authenticated() ? ", as " + security.username() : "")
              + (security.tls() ? ", TLS" : "")
              + "): "
              + e.getMessage()
              + (e instanceof AuthenticationException
                  ? ". Check cassandra.username and cassandra.password."
                  : ". Is it running? (./iot stack status)"),
          e);
    }
  }
}
