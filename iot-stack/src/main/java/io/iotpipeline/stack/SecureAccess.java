package io.iotpipeline.stack;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.clients.SecurityErrors;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.model.Tables;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Least privilege on a secure local stack. Cassandra: the default {@code cassandra} superuser is
 * replaced by {@code iot_admin} (with a generated password) and dropped, {@code system_auth} is
 * replicated like the keyspace, and each component gets a role with only the grants it needs.
 * Kafka: each component's SCRAM user (made when the storage was formatted) gets ACLs for its topics
 * and group only; anything else is denied. Every step is idempotent: {@code stack up} runs it each
 * time.
 */
public final class SecureAccess {

  /** What each Cassandra role may change besides reading (iot_api only reads). */
  static final Map<String, List<String>> MODIFIES =
      Map.of(
          "iot_ingest",
          List.of(Tables.SENSOR_DATA.name(), Tables.SENSOR_LATEST.name(), Tables.SENSORS.name()),
          "iot_analytics",
          List.of(
              Tables.SENSOR_AGG_MINUTE.name(),
              Tables.SENSOR_AGG_HOUR.name(),
              Tables.SENSOR_AGG_DAY.name(),
              Tables.SENSOR_ALERTS.name(),
              Tables.SENSOR_ALERTS_BY_DAY.name(),
              Tables.FLEET_REPORT.name(),
              Tables.STREAM_PROGRESS.name(),
              Tables.ALERT_PUBLICATIONS.name()));

  /** Roles that may read the whole keyspace. The ingester only writes. */
  static final List<String> READERS = List.of("iot_analytics", "iot_api");

  private static final String DEFAULT_SUPERUSER = "cassandra";
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final StackSettings settings;
  private final Supplier<StackSecrets> secrets;

  public SecureAccess(StackSettings settings) {
    this(settings, StackSecrets.lazy(settings));
  }

  SecureAccess(StackSettings settings, Supplier<StackSecrets> secrets) {
    this.settings = settings;
    this.secrets = secrets;
  }

  private List<InetSocketAddress> cassandraNodes() {
    List<InetSocketAddress> points = new ArrayList<>();
    for (int node = 1; node <= settings.nodes(); node++) {
      points.add(new InetSocketAddress(StackSettings.nodeAddress(node), settings.cassandraPort()));
    }
    return points;
  }

  /**
   * Makes {@code iot_admin} the only superuser, and the component roles. Runs as the default
   * superuser the first time (retried until the nodes made it), as iot_admin after.
   */
  void establishCassandraRoles(Instant deadline) {
    StackClients.Login admin = StackClients.admin(secrets);
    Optional<CqlSession> asAdmin = logIn(admin);
    if (asAdmin.isEmpty()) {
      StackClients.Login initial = new StackClients.Login(DEFAULT_SUPERUSER, DEFAULT_SUPERUSER);
      try (CqlSession session = sessionWhenLoginWorks(initial, deadline)) {
        if (settings.nodes() > 1) {
          // Before any role is written, so every replica gets the new roles' rows.
          session.execute(
              "ALTER KEYSPACE system_auth WITH replication = {'class': 'NetworkTopologyStrategy',"
                  + " 'datacenter1': "
                  + StackSettings.replicationFactor(settings.nodes())
                  + "}");
        }
        session.execute(createRole(admin.principal(), admin.password(), true));
      }
    }
    try (CqlSession session = asAdmin.orElseGet(() -> sessionWhenLoginWorks(admin, deadline))) {
      session.execute("DROP ROLE IF EXISTS " + DEFAULT_SUPERUSER);
      for (String component : List.of("ingest", "analytics", "api")) {
        String role = StackSecrets.PRINCIPALS.get(component);
        session.execute(createRole(role, secrets.get().password(role), false));
      }
    }
  }

  private static String createRole(String role, String password, boolean superuser) {
    // Generated passwords are base64url: nothing to escape inside the quotes.
    return "CREATE ROLE IF NOT EXISTS "
        + role
        + " WITH PASSWORD = '"
        + password
        + "' AND LOGIN = true AND SUPERUSER = "
        + superuser;
  }

  /**
   * A session as {@code login}, or empty if the nodes refuse it (a session logs in as it opens).
   */
  private Optional<CqlSession> logIn(StackClients.Login login) {
    try {
      return Optional.of(
          StackClients.cassandra(settings, secrets, cassandraNodes(), login).build());
    } catch (AllNodesFailedException e) {
      if (SecurityErrors.refusedLogin(e)) {
        return Optional.empty();
      }
      throw new StackException("cannot reach Cassandra to set up its roles: " + e.getMessage(), e);
    }
  }

  private CqlSession sessionWhenLoginWorks(StackClients.Login login, Instant deadline) {
    while (true) {
      try {
        return StackClients.cassandra(settings, secrets, cassandraNodes(), login).build();
      } catch (AllNodesFailedException e) {
        // The default superuser appears a moment after the node serves CQL.
        if (!SecurityErrors.refusedLogin(e) || Instant.now().isAfter(deadline)) {
          throw new StackException(
              "cannot log in to Cassandra as " + login.principal() + ": " + e.getMessage(), e);
        }
        sleep();
      }
    }
  }

  /**
   * The grants on {@code keyspace} (which must exist) and the Kafka ACLs on the settings' topics.
   */
  public void grant(String keyspace, KafkaSettings kafka, String ingestGroup) {
    try (CqlSession session = StackClients.cassandra(settings, secrets, cassandraNodes()).build()) {
      for (String reader : READERS) {
        session.execute("GRANT SELECT ON KEYSPACE " + keyspace + " TO " + reader);
      }
      MODIFIES.forEach(
          (role, tables) -> {
            for (String table : tables) {
              session.execute("GRANT MODIFY ON TABLE " + keyspace + "." + table + " TO " + role);
            }
          });
    }
    try (Admin admin =
        Admin.create(StackClients.kafkaAdmin(settings, secrets, settings.kafkaBootstrap()))) {
      admin.createAcls(kafkaAcls(kafka, ingestGroup)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new StackException("cannot set the Kafka ACLs: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while setting the Kafka ACLs");
    }
  }

  /** Each component's Kafka permissions: its topics and group, nothing else. */
  static List<AclBinding> kafkaAcls(KafkaSettings kafka, String ingestGroup) {
    List<AclBinding> acls = new ArrayList<>();
    String simulator = user("simulator");
    String ingest = user("ingest");
    String analytics = user("analytics");
    String api = user("api");
    topic(acls, simulator, kafka.topic(), AclOperation.WRITE, AclOperation.DESCRIBE);
    topic(acls, simulator, kafka.truthTopic(), AclOperation.WRITE, AclOperation.DESCRIBE);
    idempotentWrite(acls, simulator);
    topic(acls, ingest, kafka.topic(), AclOperation.READ, AclOperation.DESCRIBE);
    group(acls, ingest, ingestGroup, PatternType.LITERAL, AclOperation.READ);
    topic(acls, ingest, kafka.dlqTopic(), AclOperation.WRITE, AclOperation.DESCRIBE);
    idempotentWrite(acls, ingest);
    topic(acls, analytics, kafka.topic(), AclOperation.READ, AclOperation.DESCRIBE);
    // Spark's Kafka source names its groups itself: spark-kafka-source-<uuid>-... for streams,
    // spark-kafka-relation-<uuid>-... for batch reads.
    group(acls, analytics, "spark-kafka-", PatternType.PREFIXED, AclOperation.READ);
    topic(acls, analytics, kafka.alertsTopic(), AclOperation.WRITE, AclOperation.DESCRIBE);
    idempotentWrite(acls, analytics);
    // The API tails readings and alerts, and reports topic sizes and the ingester's lag.
    topic(acls, api, kafka.topic(), AclOperation.READ, AclOperation.DESCRIBE);
    topic(acls, api, kafka.alertsTopic(), AclOperation.READ, AclOperation.DESCRIBE);
    topic(acls, api, kafka.dlqTopic(), AclOperation.DESCRIBE);
    group(acls, api, ingestGroup, PatternType.LITERAL, AclOperation.DESCRIBE);
    return acls;
  }

  private static String user(String component) {
    return "User:" + StackSecrets.PRINCIPALS.get(component);
  }

  private static void topic(
      List<AclBinding> acls, String principal, String topic, AclOperation... operations) {
    for (AclOperation operation : operations) {
      acls.add(
          allow(
              new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
              principal,
              operation));
    }
  }

  private static void group(
      List<AclBinding> acls,
      String principal,
      String group,
      PatternType pattern,
      AclOperation operation) {
    acls.add(allow(new ResourcePattern(ResourceType.GROUP, group, pattern), principal, operation));
  }

  private static void idempotentWrite(List<AclBinding> acls, String principal) {
    acls.add(
        allow(
            new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
            principal,
            AclOperation.IDEMPOTENT_WRITE));
  }

  private static AclBinding allow(
      ResourcePattern resource, String principal, AclOperation operation) {
    return new AclBinding(
        resource, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
  }

  private static void sleep() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while setting up Cassandra's roles");
    }
  }
}
