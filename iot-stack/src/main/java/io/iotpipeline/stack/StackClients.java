package io.iotpipeline.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import io.iotpipeline.config.KafkaSecurity;
import io.iotpipeline.config.StackSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How the local stack's own tooling (readiness checks, cluster formation, status, the secure
 * bootstrap) reaches its nodes: plainly, or on a secure stack over TLS as {@code iot_admin}.
 */
final class StackClients {
  private StackClients() {}

  /** A login: a principal and its password. */
  record Login(String principal, String password) {
    @Override
    public String toString() {
      return "Login[" + principal + "]";
    }
  }

  static Login admin(Supplier<StackSecrets> secrets) {
    String principal = StackSecrets.PRINCIPALS.get("admin");
    return new Login(principal, secrets.get().password(principal));
  }

  /** An admin client's configuration with short timeouts: callers poll. */
  static Map<String, Object> kafkaAdmin(
      StackSettings settings, Supplier<StackSecrets> secrets, String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    if (settings.secure()) {
      StackSecrets secret = secrets.get();
      Login admin = admin(secrets);
      config.putAll(
          new KafkaSecurity(
                  "SASL_SSL",
                  "SCRAM-SHA-512",
                  admin.principal(),
                  admin.password(),
                  "",
                  secret.truststore().toString(),
                  secret.storePassword(),
                  "PKCS12")
              .clientProperties());
    }
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return config;
  }

  /** A session builder as iot_admin (on a secure stack) to {@code points}. */
  static CqlSessionBuilder cassandra(
      StackSettings settings, Supplier<StackSecrets> secrets, List<InetSocketAddress> points) {
    return cassandra(settings, secrets, points, settings.secure() ? admin(secrets) : null);
  }

  /** A session builder with a login of its own (the default superuser, once). */
  static CqlSessionBuilder cassandra(
      StackSettings settings,
      Supplier<StackSecrets> secrets,
      List<InetSocketAddress> points,
      Login login) {
    ProgrammaticDriverConfigLoaderBuilder options =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10));
    if (settings.secure()) {
      StackSecrets secret = secrets.get();
      options
          .withString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, "DefaultSslEngineFactory")
          .withString(DefaultDriverOption.SSL_TRUSTSTORE_PATH, secret.truststore().toString())
          .withString(DefaultDriverOption.SSL_TRUSTSTORE_PASSWORD, secret.storePassword())
          .withBoolean(DefaultDriverOption.SSL_HOSTNAME_VALIDATION, true);
    }
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withConfigLoader(options.build())
            .withLocalDatacenter("datacenter1")
            .addContactPoints(points);
    if (login != null) {
      builder.withAuthCredentials(login.principal(), login.password());
    }
    return builder;
  }
}
