package io.iotpipeline.config;

/**
 * How a client logs in to Cassandra and encrypts the CQL connection. The default, no credentials
 * and no TLS, is the plain local stack's. {@link #toString} never shows the passwords.
 *
 * @param truststorePath the CA the nodes' certificates are checked against (PKCS12 or JKS); empty
 *     for the JDK's default trust
 * @param hostnameValidation check that a node's certificate names the address connected to (the
 *     local stack's certificates carry the nodes' IP addresses)
 */
public record CassandraSecurity(
    String username,
    String password,
    boolean tls,
    String truststorePath,
    String truststorePassword,
    boolean hostnameValidation) {

  public CassandraSecurity {
    if (!username.isBlank() && password.isEmpty()) {
      throw new ConfigException("cassandra.username is set but cassandra.password is empty");
    }
    if (!truststorePath.isBlank() && truststorePassword.isEmpty()) {
      throw new ConfigException(
          "cassandra.ssl.truststore.path is set but cassandra.ssl.truststore.password is empty");
    }
  }

  public static CassandraSecurity from(Settings settings) {
    return new CassandraSecurity(
        settings.get("cassandra.username"),
        settings.get("cassandra.password"),
        settings.getBoolean("cassandra.ssl"),
        settings.get("cassandra.ssl.truststore.path"),
        settings.get("cassandra.ssl.truststore.password"),
        settings.getBoolean("cassandra.ssl.hostname-validation"));
  }

  public boolean authenticated() {
    return !username.isBlank();
  }

  @Override
  public String toString() {
    return "CassandraSecurity[username="
        + (username.isBlank() ? "(none)" : username)
        + ", tls="
        + tls
        + (truststorePath.isBlank() ? "" : ", truststore=" + truststorePath)
        + "]";
  }
}
