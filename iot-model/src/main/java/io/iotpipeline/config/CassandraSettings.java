package io.iotpipeline.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where and how the pipeline talks to Cassandra.
 *
 * @param consistency the consistency level of every read and write, resolved from {@code
 *     cassandra.consistency}: {@code auto} is LOCAL_QUORUM once the keyspace has 3 or more replicas
 *     (one node may be down, and a read sees every acknowledged write), else LOCAL_ONE
 * @param defaultTtl the raw readings' TTL: {@code retention.raw} (older name {@code cassandra.ttl})
 * @param retention every tier's retention, applied as table TTLs by the schema migrator; null means
 *     the default tiers with {@code defaultTtl} as the raw one
 */
public record CassandraSettings(
    List<InetSocketAddress> contactPoints,
    String localDc,
    String keyspace,
    int replicationFactor,
    String consistency,
    Duration defaultTtl,
    Duration ddlTimeout,
    Duration requestTimeout,
    CassandraSecurity security,
    Retention retention) {

  /** The levels a client may ask for (the driver's names). */
  public static final Set<String> CONSISTENCY_LEVELS =
      Set.of(
          "ANY",
          "ONE",
          "TWO",
          "THREE",
          "QUORUM",
          "ALL",
          "LOCAL_ONE",
          "LOCAL_QUORUM",
          "EACH_QUORUM");

  /** What {@code cassandra.consistency=auto} resolves to for a replication factor. */
  public static String autoConsistency(int replicationFactor) {
    return replicationFactor >= 3 ? "LOCAL_QUORUM" : "LOCAL_ONE";
  }

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
    if (!CONSISTENCY_LEVELS.contains(consistency)) {
      throw new ConfigException(
          "cassandra.consistency must be auto or one of "
              + new TreeSet<>(CONSISTENCY_LEVELS)
              + ", got '"
              + consistency
              + "'");
    }
    if (defaultTtl.isNegative()) {
      throw new ConfigException("cassandra.ttl must not be negative");
    }
    if (retention == null) {
      retention = Retention.withRaw(defaultTtl);
    }
    if (!retention.raw().equals(defaultTtl)) {
      throw new ConfigException(
          "the raw readings' TTL is retention.raw: got "
              + defaultTtl
              + " and retention.raw "
              + retention.raw());
    }
  }

  public static CassandraSettings from(Settings settings) {
    int replicationFactor = settings.getInt("cassandra.replication-factor");
    String consistency = settings.get("cassandra.consistency").trim().toUpperCase(Locale.ROOT);
    Retention retention = Retention.from(settings);
    return new CassandraSettings(
        settings.getList("cassandra.contact-points").stream()
            .map(CassandraSettings::address)
            .toList(),
        settings.get("cassandra.dc"),
        settings.get("cassandra.keyspace"),
        replicationFactor,
        consistency.equals("AUTO") ? autoConsistency(replicationFactor) : consistency,
        retention.raw(),
        settings.getDuration("cassandra.ddl-timeout"),
        settings.getDuration("cassandra.request-timeout"),
        CassandraSecurity.from(settings),
        retention);
  }

  public CassandraSettings withKeyspace(String newKeyspace) {
    return new CassandraSettings(
        contactPoints,
        localDc,
        newKeyspace,
        replicationFactor,
        consistency,
        defaultTtl,
        ddlTimeout,
        requestTimeout,
        security,
        retention);
  }

  /** The same cluster reached through other contact points (e.g. a proxy in a fault test). */
  public CassandraSettings withContactPoints(List<InetSocketAddress> newContactPoints) {
    return new CassandraSettings(
        newContactPoints,
        localDc,
        keyspace,
        replicationFactor,
        consistency,
        defaultTtl,
        ddlTimeout,
        requestTimeout,
        security,
        retention);
  }

  /** The raw tier's retention changed, the other tiers kept. */
  public CassandraSettings withDefaultTtl(Duration newDefaultTtl) {
    return new CassandraSettings(
        contactPoints,
        localDc,
        keyspace,
        replicationFactor,
        consistency,
        newDefaultTtl,
        ddlTimeout,
        requestTimeout,
        security,
        new Retention(newDefaultTtl, retention.minute(), retention.hour(), retention.day()));
  }

  public CassandraSettings withRetention(Retention newRetention) {
    return new CassandraSettings(
        contactPoints,
        localDc,
        keyspace,
        replicationFactor,
        consistency,
        newRetention.raw(),
        ddlTimeout,
        requestTimeout,
        security,
        newRetention);
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
