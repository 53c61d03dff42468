package io.iotpipeline.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Where and how the pipeline talks to Cassandra. */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints,
    String localDc,
    String keyspace,
    int replicationFactor,
    Duration defaultTtl,
    Duration ddlTimeout,
    Duration requestTimeout) {

  public CassandraSettings {
    contactPoints = List.copyOf(contactPoints);
    if (contactPoints.isEmpty()) {
      throw new ConfigException("cassandra.contact-points must name at least one host:port");
    }
    if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
      throw new ConfigException(
          "cassandra.keyspace must be a plain CQL identifier, got '" + keyspace + "'");
    }
    if (replicationFactor < 1) {
      throw new ConfigException("cassandra.replication-factor must be >= 1");
    }
    if (defaultTtl.isNegative()) {
      throw new ConfigException("cassandra.ttl must not be negative");
    }
  }

  public static CassandraSettings from(Settings settings) {
    return new CassandraSettings(
        settings.getList("cassandra.contact-points").stream()
            .map(CassandraSettings::address)
            .toList(),
        settings.get("cassandra.dc"),
        settings.get("cassandra.keyspace"),
        settings.getInt("cassandra.replication-factor"),
        settings.getDuration("cassandra.ttl"),
        settings.getDuration("cassandra.ddl-timeout"),
        settings.getDuration("cassandra.request-timeout"));
  }

  public CassandraSettings withKeyspace(String newKeyspace) {
    return new CassandraSettings(
        contactPoints,
        localDc,
        newKeyspace,
        replicationFactor,
        defaultTtl,
        ddlTimeout,
        requestTimeout);
  }

  static InetSocketAddress address(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    try {
      return colon < 0
          ? InetSocketAddress.createUnresolved(hostAndPort, 9042)
          : InetSocketAddress.createUnresolved(
              hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("cassandra.contact-points: not a host:port: '" + hostAndPort + "'");
    }
  }
}
