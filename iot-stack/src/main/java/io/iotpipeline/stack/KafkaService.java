package io.iotpipeline.stack;

import io.iotpipeline.config.StackSettings;
import java.io.IOException;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** A single Kafka 4.1 broker in KRaft mode, acting as its own controller. */
final class KafkaService implements LocalService {

  static final String NAME = "kafka";
  private static final String MAIN_CLASS = "kafka.Kafka";
  private static final String STORAGE_TOOL = "kafka.tools.StorageTool";

  private final StackSettings settings;
  private final Path home;

  KafkaService(StackSettings settings) {
    this.settings = settings;
    this.home = settings.dataDir().resolve(NAME);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int clientPort() {
    return settings.kafkaPort();
  }

  @Override
  public List<Integer> ports() {
    return List.of(settings.kafkaPort(), settings.kafkaControllerPort());
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
      Files.writeString(configFile(), serverProperties());
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
    return String.join(
        "\n",
        "# Written by iot-pipeline on every start; edit the iot settings instead.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logDir(),
        "num.partitions=6",
        // A single broker: every internal topic must live with one replica.
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        // Topics are created explicitly with the partition counts the pipeline expects.
        "auto.create.topics.enable=false",
        // Tests and the demo start consumers right away; the 3 s default delay only slows them.
        "group.initial.rebalance.delay.ms=0",
        "log.retention.hours=168",
        "log.segment.bytes=268435456",
        "");
  }

  private void formatStorage() throws IOException {
    List<String> command =
        JavaCommand.of(
            NAME + "-format",
            settings.dataDir(),
            List.of(
                "-Xmx256m",
                "-Dlog4j2.configurationFile=" + home.resolve("config/log4j2.properties")),
            RuntimeClasspath.load(NAME),
            STORAGE_TOOL,
            List.of(
                "format",
                "-t",
                newClusterId(),
                "-c",
                configFile().toString(),
                "--ignore-formatted"));
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
    }
    if (process.exitValue() != 0) {
      throw new StackException(
          "formatting Kafka storage failed (exit "
              + process.exitValue()
              + "):\n"
              + Files.readString(formatLog));
    }
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
        NAME,
        settings.dataDir(),
        jvm,
        RuntimeClasspath.load(NAME),
        MAIN_CLASS,
        List.of(configFile().toString()));
  }

  @Override
  public void awaitReady(ProcessHandle process, Instant deadline) {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    Readiness.await(
        NAME,
        process,
        deadline,
        () -> {
          if (!PortProbe.isListening(settings.kafkaPort())) {
            return false;
          }
          try (Admin admin = Admin.create(config)) {
            int brokers =
                admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                    .nodes()
                    .get(4, TimeUnit.SECONDS)
                    .size();
            return brokers > 0;
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
