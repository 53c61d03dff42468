package io.iotpipeline.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a client proves who it is to Kafka and encrypts the connection. The default, {@code
 * PLAINTEXT} without credentials, is the plain local stack's. {@link #toString} never shows the
 * password or the JAAS configuration.
 *
 * @param protocol {@code security.protocol}: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
 * @param jaasConfig a whole {@code sasl.jaas.config}, for login modules other than user/password;
 *     empty to build it from {@code username} and {@code password}
 * @param truststoreLocation the CA the brokers' certificates are checked against (PKCS12 or JKS);
 *     empty for the JDK's default trust
 */
public record KafkaSecurity(
    String protocol,
    String saslMechanism,
    String username,
    String password,
    String jaasConfig,
    String truststoreLocation,
    String truststorePassword,
    String truststoreType) {

  public static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  public static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  public KafkaSecurity {
    protocol = protocol.trim().toUpperCase(Locale.ROOT);
    saslMechanism = saslMechanism.trim().toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw new ConfigException(
          "kafka.security.protocol must be one of " + PROTOCOLS + ", got '" + protocol + "'");
    }
    if (usesSasl(protocol)) {
      if (!MECHANISMS.contains(saslMechanism)) {
        throw new ConfigException(
            "kafka.sasl.mechanism must be one of " + MECHANISMS + ", got '" + saslMechanism + "'");
      }
      if (jaasConfig.isBlank() && (username.isBlank() || password.isEmpty())) {
        throw new ConfigException(
            "kafka.security.protocol "
                + protocol
                + " needs kafka.sasl.username and kafka.sasl.password (or kafka.sasl.jaas-config)");
      }
    }
    if (!truststoreLocation.isBlank() && truststorePassword.isEmpty()) {
      throw new ConfigException(
          "kafka.ssl.truststore.location is set but kafka.ssl.truststore.password is empty");
    }
  }

  public static KafkaSecurity from(Settings settings) {
    return new KafkaSecurity(
        settings.get("kafka.security.protocol"),
        settings.get("kafka.sasl.mechanism"),
        settings.get("kafka.sasl.username"),
        settings.get("kafka.sasl.password"),
        settings.get("kafka.sasl.jaas-config"),
        settings.get("kafka.ssl.truststore.location"),
        settings.get("kafka.ssl.truststore.password"),
        settings.get("kafka.ssl.truststore.type"));
  }

  private static boolean usesSasl(String protocol) {
    return protocol.startsWith("SASL_");
  }

  private boolean usesTls() {
    return protocol.endsWith("SSL");
  }

  /** Whether the client authenticates at all (anonymous otherwise). */
  public boolean authenticated() {
    return usesSasl(protocol);
  }

  /**
   * The Kafka client properties that carry this (security.protocol, sasl.*, ssl.truststore.*), for
   * producers, consumers and admin clients alike. Spark's Kafka source takes the same keys with a
   * {@code kafka.} prefix.
   */
  public Map<String, String> clientProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("security.protocol", protocol);
    if (usesSasl(protocol)) {
      properties.put("sasl.mechanism", saslMechanism);
      properties.put("sasl.jaas.config", jaasConfig.isBlank() ? loginModuleConfig() : jaasConfig);
    }
    if (usesTls() && !truststoreLocation.isBlank()) {
      properties.put("ssl.truststore.location", truststoreLocation);
      properties.put("ssl.truststore.password", truststorePassword);
      properties.put("ssl.truststore.type", truststoreType);
    }
    return properties;
  }

  private String loginModuleConfig() {
    String module =
        saslMechanism.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module
        + " required username=\""
        + jaasQuoted(username)
        + "\" password=\""
        + jaasQuoted(password)
        + "\";";
  }

  /** A JAAS option value between double quotes: backslashes and quotes escaped. */
  public static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "KafkaSecurity[protocol="
        + protocol
        + (usesSasl(protocol) ? ", mechanism=" + saslMechanism + ", username=" + username : "")
        + (truststoreLocation.isBlank() ? "" : ", truststore=" + truststoreLocation)
        + "]";
  }
}
