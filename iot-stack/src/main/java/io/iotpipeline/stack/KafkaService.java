package io.iotpipeline.stack;

import io.iotpipeline.config.KafkaSecurity;
import io.iotpipeline.config.StackSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * One Kafka 4.1 node in KRaft mode, broker and controller in one process. Alone it is its own
 * quorum; with {@code stack.nodes} of them, node {@code i} listens on 127.0.0.i and the nodes form
 * one cluster (one cluster id, a static quorum of every node), internal topics replicated 3 times
 * with at least 2 in sync.
 */
final class KafkaService implements LocalService {

  static final String NAME = "kafka";
  private static final String MAIN_CLASS = "kafka.Kafka";
  private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

  /** Every node of a cluster formats its storage with this id (the data dir keeps it). */
  private static final String CLUSTER_ID_FILE = "kafka-cluster.id";

  private final StackSettings settings;
  private final int node;
  private final String name;
  private final String address;
  private final Path home;
  private final Supplier<StackSecrets> secrets;

  /**
   * @param secrets the secure stack's secrets (asked for only when {@code stack.security} is on)
   */
  KafkaService(StackSettings settings, int node, Supplier<StackSecrets> secrets) {
    this.settings = settings;
    this.secrets = secrets;
    this.node = node;
    this.name = settings.nodes() == 1 ? NAME : NAME + "-" + node;
    this.address = StackSettings.nodeAddress(node);
    this.home = settings.dataDir().resolve(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String engine() {
    return NAME;
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public int clientPort() {
    return settings.kafkaPort();
  }

  @Override
  public List<InetSocketAddress> ports() {
    return List.of(
        new InetSocketAddress(address, settings.kafkaPort()),
        new InetSocketAddress(address, settings.kafkaControllerPort()));
  }

  @Override
  public Path home() {
    return home;
  }

  private Path configFile() {
    return home.resolve("config/server.properties");
  }

  private Path logDir() {
    return home.resolve("data");
  }

  @Override
  public void prepare() {
    try {
      Files.createDirectories(home.resolve("config"));
      Files.createDirectories(logDir());
      StackFiles.writePrivate(configFile(), serverProperties());
      Files.writeString(home.resolve("config/log4j2.properties"), LOG4J2_PROPERTIES);
      if (!Files.exists(logDir().resolve("meta.properties"))) {
        formatStorage();
      }
    } catch (IOException e) {
      throw new StackException("cannot prepare Kafka under " + home + ": " + e.getMessage(), e);
    }
  }

  private String serverProperties() {
    int port = settings.kafkaPort();
    int controllerPort = settings.kafkaControllerPort();
    int replicas = StackSettings.replicationFactor(settings.nodes());
    // With three replicas a write needs two in sync: one node may die, none is lost.
    int minInSync = replicas >= 3 ? 2 : 1;
    List<String> voters = new ArrayList<>();
    for (int voter = 1; voter <= settings.nodes(); voter++) {
      voters.add(voter + "@" + StackSettings.nodeAddress(voter) + ":" + controllerPort);
    }
    return String.join(
        "\n",
        "# Written by iot-pipeline on every start; edit the iot settings instead.",
        "process.roles=broker,controller",
        "node.id=" + node,
        "controller.quorum.voters=" + String.join(",", voters),
        listeners(port, controllerPort),
        "log.dirs=" + logDir(),
        "num.partitions=6",
        "default.replication.factor=" + replicas,
        "min.insync.replicas=" + minInSync,
        // A replica that was not in sync never becomes leader: it could lack acknowledged writes.
        "unclean.leader.election.enable=false",
        "offsets.topic.replication.factor=" + replicas,
        "transaction.state.log.replication.factor=" + replicas,
        "transaction.state.log.min.isr=" + minInSync,
        "share.coordinator.state.topic.replication.factor=" + replicas,
        "share.coordinator.state.topic.min.isr=" + minInSync,
        // Topics are created explicitly with the partition counts the pipeline expects.
        "auto.create.topics.enable=false",
        // Tests and the demo start consumers right away; the 3 s default delay only slows them.
        "group.initial.rebalance.delay.ms=0",
        "log.retention.hours=168",
        "log.segment.bytes=268435456",
        "");
  }

  /**
   * Plain: PLAINTEXT for clients and brokers, the controller listener too. Secure: one SASL_SSL
   * listener for clients and brokers (SCRAM-SHA-512, the broker as iot_admin), the controller
   * listener SASL_SSL with PLAIN (SCRAM credentials live in the metadata the controllers serve, so
   * they cannot log in with them), the StandardAuthorizer with ACLs per principal and no access
   * without one.
   */
  private String listeners(int port, int controllerPort) {
    if (!settings.secure()) {
      return String.join(
          "\n",
          "listeners=PLAINTEXT://"
              + address
              + ":"
              + port
              + ",CONTROLLER://"
              + address
              + ":"
              + controllerPort,
          "advertised.listeners=PLAINTEXT://" + address + ":" + port,
          "controller.listener.names=CONTROLLER",
          "inter.broker.listener.name=PLAINTEXT",
          "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }
    StackSecrets secret = secrets.get();
    String admin = StackSecrets.PRINCIPALS.get("admin");
    String controller = StackSecrets.CONTROLLER_PRINCIPAL;
    String controllerPassword = KafkaSecurity.jaasQuoted(secret.password(controller));
    return String.join(
        "\n",
        "listeners=SASL_SSL://"
            + address
            + ":"
            + port
            + ",CONTROLLER://"
            + address
            + ":"
            + controllerPort,
        "advertised.listeners=SASL_SSL://" + address + ":" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=SASL_SSL",
        "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL",
        "sasl.enabled.mechanisms=SCRAM-SHA-512",
        "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
            + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + admin
            + "\" password=\""
            + KafkaSecurity.jaasQuoted(secret.password(admin))
            + "\";",
        "sasl.mechanism.controller.protocol=PLAIN",
        "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
        "listener.name.controller.plain.sasl.jaas.config="
            + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + controller
            + "\" password=\""
            + controllerPassword
            + "\" user_"
            + controller
            + "=\""
            + controllerPassword
            + "\";",
        "ssl.keystore.type=PKCS12",
        "ssl.keystore.location=" + secret.nodeKeystore(node),
        "ssl.keystore.password=" + secret.storePassword(),
        "ssl.key.password=" + secret.storePassword(),
        "ssl.truststore.type=PKCS12",
        "ssl.truststore.location=" + secret.truststore(),
        "ssl.truststore.password=" + secret.storePassword(),
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users=User:" + admin + ";User:" + controller,
        "allow.everyone.if.no.acl.found=false");
  }

  private void formatStorage() throws IOException {
    List<String> toolArguments =
        new ArrayList<>(
            List.of(
                STORAGE_TOOL,
                "format",
                "-t",
                clusterId(),
                "-c",
                configFile().toString(),
                "--ignore-formatted"));
    if (settings.secure()) {
      // Every principal's SCRAM credential, there before any broker serves: the brokers log in
      // to each other with iot_admin's.
      for (String principal : StackSecrets.PRINCIPALS.values()) {
        toolArguments.add("--add-scram");
        toolArguments.add(
            "SCRAM-SHA-512=[name="
                + principal
                + ",password="
                + secrets.get().password(principal)
                + "]");
      }
    }
    // The tool's arguments (with the passwords) go in an owner-only argument file that the java
    // launcher expands: a command line is visible to every user of the machine.
    Path argumentFile = home.resolve("config/format.args");
    StackFiles.writePrivate(argumentFile, String.join("\n", toolArguments) + "\n");
    List<String> command =
        JavaCommand.of(
            name + "-format",
            settings.dataDir(),
            List.of(
                "-Xmx256m",
                "-Dlog4j2.configurationFile=" + home.resolve("config/log4j2.properties")),
            RuntimeClasspath.load(NAME),
            "@" + argumentFile,
            List.of());
    Path formatLog = home.resolve("logs/format.log");
    Files.createDirectories(formatLog.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(formatLog.toFile()))
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new StackException("formatting Kafka storage timed out; see " + formatLog);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while formatting Kafka storage");
    } finally {
      Files.deleteIfExists(argumentFile);
    }
    if (process.exitValue() != 0) {
      throw new StackException(
          "formatting Kafka storage failed (exit "
              + process.exitValue()
              + "):\n"
              + Files.readString(formatLog));
    }
  }

  /**
   * A new id for a lone node; for a cluster, the one id its nodes share, made by the first node
   * formatted and kept in the data dir, so a node whose storage is formatted later still joins.
   */
  private String clusterId() throws IOException {
    if (settings.nodes() == 1) {
      return newClusterId();
    }
    Path file = settings.dataDir().resolve(CLUSTER_ID_FILE);
    if (!Files.exists(file)) {
      Files.writeString(file, newClusterId() + "\n");
    }
    return Files.readString(file).trim();
  }

  /** A Kafka cluster id: 16 random bytes, base64url, never starting with '-' (as Kafka's Uuid). */
  static String newClusterId() {
    while (true) {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      if (!id.startsWith("-")) {
        return id;
      }
    }
  }

  @Override
  public List<String> command() {
    List<String> jvm =
        new ArrayList<>(
            List.of(
                "-Xms" + settings.kafkaHeap(),
                "-Xmx" + settings.kafkaHeap(),
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + home.resolve("config/log4j2.properties"),
                "-Dkafka.logs.dir=" + home.resolve("logs")));
    return JavaCommand.of(
        name,
        settings.dataDir(),
        jvm,
        RuntimeClasspath.load(NAME),
        MAIN_CLASS,
        List.of(configFile().toString()));
  }

  @Override
  public void awaitReady(ProcessHandle process, Instant deadline) {
    Map<String, Object> config =
        StackClients.kafkaAdmin(settings, secrets, address + ":" + settings.kafkaPort());
    Readiness.await(
        name,
        process,
        deadline,
        () -> {
          if (!PortProbe.isListening(address, settings.kafkaPort())) {
            return false;
          }
          // Ready once this node is a registered (unfenced) broker of the cluster.
          try (Admin admin = Admin.create(config)) {
            return admin
                .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                .nodes()
                .get(4, TimeUnit.SECONDS)
                .stream()
                .anyMatch(broker -> broker.id() == node);
          } catch (Exception e) {
            return false;
          }
        },
        Duration.ofMillis(250));
  }

  private static final String LOG4J2_PROPERTIES =
      String.join(
          "\n",
          "status = warn",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = [%d] %p %m (%c)%n",
          "rootLogger.level = info",
          "rootLogger.appenderRef.console.ref = console",
          // The request logger and state change log are chatty at INFO on every client connection.
          "logger.request.name = kafka.request.logger",
          "logger.request.level = warn",
          "logger.state.name = state.change.logger",
          "logger.state.level = warn",
          "");
}
