package io.iotpipeline.gateway;

import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How one gateway runs, read once from the {@code gateway.*} settings.
 *
 * @param host the interface both servers listen on
 * @param mqttPort MQTT port (0 picks a free one)
 * @param httpPort HTTP port (0 picks a free one)
 * @param open accept any device without credentials (the local demo)
 * @param maxInFlight readings sent to Kafka and not yet acknowledged, over all connections
 * @param authCache how long a credential check is remembered, hence how long a revoked device can
 *     still connect or stay connected
 * @param startTimeout how long {@link Gateway#start} waits for the ports to be bound
 * @param kafka where the readings and dead letters go
 * @param cassandra where the {@code devices} table is (unused when open)
 */
public record GatewayConfig(
    String host,
    int mqttPort,
    int httpPort,
    boolean open,
    int maxInFlight,
    Duration authCache,
    Duration startTimeout,
    KafkaSettings kafka,
    CassandraSettings cassandra) {

  public GatewayConfig {
    Objects.requireNonNull(host, "host");
    requirePort("gateway.mqtt-port", mqttPort);
    requirePort("gateway.http-port", httpPort);
    if (maxInFlight < 1) {
      throw new ConfigException("gateway.max-in-flight must be >= 1, got " + maxInFlight);
    }
    if (authCache.isNegative() || startTimeout.isNegative() || startTimeout.isZero()) {
      throw new ConfigException("gateway.auth-cache and gateway.start-timeout must be positive");
    }
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(cassandra, "cassandra");
  }

  public static GatewayConfig from(Settings settings) {
    return new GatewayConfig(
        settings.get("gateway.host"),
        settings.getInt("gateway.mqtt-port"),
        settings.getInt("gateway.http-port"),
        settings.getBoolean("gateway.open"),
        settings.getInt("gateway.max-in-flight"),
        settings.getDuration("gateway.auth-cache"),
        settings.getDuration("gateway.start-timeout"),
        KafkaSettings.from(settings),
        CassandraSettings.from(settings));
  }

  private static void requirePort(String key, int port) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(key + " must be a port (0-65535), got " + port);
    }
  }
}
