package io.iotpipeline.api;

import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the API server needs, parsed once from {@link Settings}.
 *
 * @param port HTTP port; 0 picks a free one (tests)
 * @param token when non-empty, every request but {@code /health} must present it
 * @param ingestGroup the ingester's consumer group, whose committed offsets give ingest rate and
 *     lag
 * @param maxPoints the most points one series returns
 * @param streamTick how often the live stream sends a fleet snapshot
 * @param sampleEvery how often Kafka offsets are sampled for rates and lag
 * @param seriesCache rollup partitions whose settled windows are kept (0: none)
 * @param seriesCacheTtl how long such a partition is kept before it is read again
 */
public record ApiConfig(
    int port,
    String token,
    KafkaSettings kafka,
    CassandraSettings cassandra,
    String ingestGroup,
    int maxPoints,
    Duration streamTick,
    Duration sampleEvery,
    int seriesCache,
    Duration seriesCacheTtl) {

  public ApiConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(cassandra, "cassandra");
    token = token == null ? "" : token.trim();
    if (port < 0 || port > 65535) {
      throw new ConfigException("api.port must be 0..65535, got " + port);
    }
    if (maxPoints < 10) {
      throw new ConfigException("api.max-points must be >= 10, got " + maxPoints);
    }
    if (streamTick.toMillis() < 100 || sampleEvery.toMillis() < 100) {
      throw new ConfigException("the stream tick and sample interval must be >= 100 ms");
    }
    if (seriesCache < 0 || seriesCacheTtl.isNegative()) {
      throw new ConfigException("api.series-cache and api.series-cache-ttl must not be negative");
    }
  }

  public static ApiConfig from(Settings settings) {
    return new ApiConfig(
        settings.getInt("api.port"),
        settings.get("api.token"),
        KafkaSettings.from(settings),
        CassandraSettings.from(settings),
        ingestGroup(settings),
        settings.getInt("api.max-points"),
        settings.getDuration("api.stream-tick"),
        Duration.ofSeconds(2),
        settings.getInt("api.series-cache"),
        settings.getDuration("api.series-cache-ttl"));
  }

  /** The defaults of the settings file for everything not given here (tests). */
  public ApiConfig(
      int port,
      String token,
      KafkaSettings kafka,
      CassandraSettings cassandra,
      String ingestGroup,
      int maxPoints,
      Duration streamTick,
      Duration sampleEvery) {
    this(
        port,
        token,
        kafka,
        cassandra,
        ingestGroup,
        maxPoints,
        streamTick,
        sampleEvery,
        Settings.defaults().getInt("api.series-cache"),
        Settings.defaults().getDuration("api.series-cache-ttl"));
  }

  public ApiConfig withPort(int newPort) {
    return new ApiConfig(
        newPort,
        token,
        kafka,
        cassandra,
        ingestGroup,
        maxPoints,
        streamTick,
        sampleEvery,
        seriesCache,
        seriesCacheTtl);
  }

  public ApiConfig withToken(String newToken) {
    return new ApiConfig(
        port,
        newToken,
        kafka,
        cassandra,
        ingestGroup,
        maxPoints,
        streamTick,
        sampleEvery,
        seriesCache,
        seriesCacheTtl);
  }

  public boolean tokenRequired() {
    return !token.isEmpty();
  }

  private static String ingestGroup(Settings settings) {
    try {
      return settings.get("ingest.group-id");
    } catch (ConfigException e) {
      return "iot-ingest";
    }
  }
}
