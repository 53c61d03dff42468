package io.iotpipeline.stack;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.clients.SecurityErrors;
import io.iotpipeline.config.StackSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One Cassandra 5.0 node. Alone it listens on 127.0.0.1; with {@code stack.nodes} of them, node
 * {@code i} listens on 127.0.0.i with the same ports (JMX, which binds 127.0.0.1, moves by 100 per
 * node as in ccm), every node is a seed, and each owns one balanced token, so the ring forms at
 * once without bootstrapping or token allocation.
 */
final class CassandraService implements LocalService {

  static final String NAME = "cassandra";
  private static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  /**
   * From Cassandra's own conf/jvm17-server.options: the JDK internals it needs opened on Java 17.
   */
  private static final List<String> JAVA17_OPTIONS =
      List.of(
          "-Djdk.attach.allowAttachSelf=true",
          "--add-exports",
          "java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports",
          "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports",
          "java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports",
          "java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports",
          "java.sql/java.sql=ALL-UNNAMED",
          "--add-exports",
          "java.base/java.lang.ref=ALL-UNNAMED",
          "--add-exports",
          "jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-exports",
          "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports",
          "jdk.attach/sun.tools.attach=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens",
          "java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens",
          "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens",
          "java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens",
          "java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens",
          "java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens",
          "java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens",
          "jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens",
          "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.io=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens",
          "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.lang=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.util=ALL-UNNAMED",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dio.netty.allocator.useCacheForAllThreads=true",
          "-Dio.netty.allocator.maxOrder=11");

  private final StackSettings settings;
  private final int node;
  private final String name;
  private final String address;
  private final Path home;
  private final Supplier<StackSecrets> secrets;

  /**
   * @param secrets the secure stack's secrets (asked for only when {@code stack.security} is on)
   */
  CassandraService(StackSettings settings, int node, Supplier<StackSecrets> secrets) {
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
    return settings.cassandraPort();
  }

  @Override
  public List<InetSocketAddress> ports() {
    return List.of(
        new InetSocketAddress(address, settings.cassandraPort()),
        new InetSocketAddress(address, settings.cassandraStoragePort()),
        new InetSocketAddress("127.0.0.1", jmxPort()));
  }

  private int jmxPort() {
    return settings.cassandraJmxPort() + 100 * (node - 1);
  }

  /** Murmur3 tokens spread evenly over the ring, one per node (ccm's balanced tokens). */
  static long balancedToken(int node, int nodes) {
    BigInteger range = BigInteger.TWO.pow(64);
    return range
        .multiply(BigInteger.valueOf(node - 1))
        .divide(BigInteger.valueOf(nodes))
        .subtract(BigInteger.TWO.pow(63))
        .longValueExact();
  }

  /** Tokens, seeds and sizes of a node that shares the box with the other nodes of its ring. */
  private String clusterYaml() {
    if (settings.nodes() == 1) {
      return String.join(
          "\n",
          "num_tokens: 16",
          "seed_provider:",
          "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
          "    parameters:",
          "      - seeds: \"127.0.0.1:" + settings.cassandraStoragePort() + "\"");
    }
    List<String> seeds = new ArrayList<>();
    for (int seed = 1; seed <= settings.nodes(); seed++) {
      seeds.add(StackSettings.nodeAddress(seed) + ":" + settings.cassandraStoragePort());
    }
    return String.join(
        "\n",
        "num_tokens: 1",
        "initial_token: " + balancedToken(node, settings.nodes()),
        // Every node is a seed and owns its token from the start: nothing to stream on first start.
        "auto_bootstrap: false",
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"" + String.join(",", seeds) + "\"",
        // Several nodes share two cores: smaller pools and memtables (ccm and dtest sizes).
        "concurrent_reads: 8",
        "concurrent_writes: 8",
        "concurrent_counter_writes: 8",
        "concurrent_compactors: 1",
        "memtable_heap_space: 128MiB",
        "memtable_offheap_space: 128MiB",
        "file_cache_size: 64MiB");
  }

  @Override
  public Path home() {
    return home;
  }

  @Override
  public void prepare() {
    try {
      for (String directory :
          List.of("conf", "data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) {
        Files.createDirectories(home.resolve(directory));
      }
      StackFiles.writePrivate(home.resolve("conf/cassandra.yaml"), cassandraYaml());
      Files.writeString(home.resolve("conf/logback.xml"), LOGBACK_XML);
    } catch (IOException e) {
      throw new StackException("cannot prepare Cassandra under " + home + ": " + e.getMessage(), e);
    }
  }

  private String cassandraYaml() {
    return String.join(
        "\n",
        "# Written by iot-pipeline on every start; edit the iot settings instead.",
        "cluster_name: iot-pipeline",
        clusterYaml(),
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "endpoint_snitch: SimpleSnitch",
        "data_file_directories:",
        "  - " + home.resolve("data"),
        "commitlog_directory: " + home.resolve("commitlog"),
        "saved_caches_directory: " + home.resolve("saved_caches"),
        "hints_directory: " + home.resolve("hints"),
        "cdc_raw_directory: " + home.resolve("cdc_raw"),
        commitlogSync(),
        "listen_address: " + address,
        "rpc_address: " + address,
        "storage_port: " + settings.cassandraStoragePort(),
        "native_transport_port: " + settings.cassandraPort(),
        "start_native_transport: true",
        // The ingester writes partition-grouped UNLOGGED batches of up to ~100 rows of ~60 bytes:
        // well within one partition, so the batch-size warnings would only be noise.
        "batch_size_warn_threshold: 64KiB",
        "batch_size_fail_threshold: 640KiB",
        // A 2-core machine running Kafka, Spark and the pipeline beside Cassandra: allow slack.
        "write_request_timeout: 5000ms",
        "read_request_timeout: 10000ms",
        "range_request_timeout: 20000ms",
        "counter_write_request_timeout: 5000ms",
        "disk_failure_policy: stop",
        securityYaml(),
        "");
  }

  /**
   * Secure: password logins with roles and grants, TLS required on the CQL port. The node logs its
   * configuration at start with the encryption options redacted.
   */
  private String securityYaml() {
    if (!settings.secure()) {
      return "";
    }
    StackSecrets secret = secrets.get();
    return String.join(
        "\n",
        "authenticator: PasswordAuthenticator",
        "authorizer: CassandraAuthorizer",
        "role_manager: CassandraRoleManager",
        "client_encryption_options:",
        "  enabled: true",
        "  optional: false",
        "  keystore: " + secret.nodeKeystore(node),
        "  keystore_password: \"" + secret.storePassword() + "\"",
        "  store_type: PKCS12",
        "  require_client_auth: false");
  }

  /**
   * In batch mode the commit log is written with direct I/O: measured here (./iot bench --section
   * ingest, 3 runs each) it keeps ingest throughput where periodic mode had it, while batch mode
   * over the default mmap'd segments lost a quarter of it and had a p99 of 250-560 ms at 10k/s.
   */
  private String commitlogSync() {
    return switch (settings.commitlogSync()) {
      case BATCH -> "commitlog_sync: batch\ncommitlog_disk_access_mode: direct";
      case GROUP -> "commitlog_sync: group\ncommitlog_sync_group_window: 10ms";
      case PERIODIC -> "commitlog_sync: periodic\ncommitlog_sync_period: 10000ms";
    };
  }

  @Override
  public List<String> command() {
    RuntimeClasspath classpath = RuntimeClasspath.load(NAME);
    List<String> jvm =
        new ArrayList<>(
            List.of(
                "-Xms" + settings.cassandraHeap(),
                "-Xmx" + settings.cassandraHeap(),
                "-XX:+UseG1GC",
                "-XX:+ParallelRefProcEnabled",
                "-XX:MaxTenuringThreshold=1",
                "-XX:G1HeapRegionSize=16m",
                "-XX:MaxGCPauseMillis=300",
                "-Xss256k",
                "-Djava.net.preferIPv4Stack=true",
                "-Djava.awt.headless=true",
                "-javaagent:" + classpath.jar("jamm-"),
                "-Dcassandra.config=" + home.resolve("conf/cassandra.yaml").toUri(),
                "-Dcassandra.storagedir=" + home,
                "-Dcassandra.logdir=" + home.resolve("logs"),
                "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"),
                "-Dcassandra-foreground=yes",
                "-Dcassandra.jmx.local.port=" + jmxPort(),
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                // A secure node makes its default superuser at once (10 s later by default); the
                // stack replaces it with iot_admin right after (SecureAccess).
                "-Dcassandra.superuser_setup_delay_ms=0"));
    jvm.addAll(JAVA17_OPTIONS);
    return JavaCommand.of(name, settings.dataDir(), jvm, classpath, MAIN_CLASS, List.of());
  }

  @Override
  public void awaitReady(ProcessHandle process, Instant deadline) {
    Readiness.await(
        name,
        process,
        deadline,
        () -> {
          if (!PortProbe.isListening(address, settings.cassandraPort())) {
            return false;
          }
          try (CqlSession session =
              StackClients.cassandra(
                      settings,
                      secrets,
                      List.of(new InetSocketAddress(address, settings.cassandraPort())))
                  .build()) {
            return session.execute("SELECT release_version FROM system.local").one() != null;
          } catch (AllNodesFailedException e) {
            // A refused login means the node serves CQL (over TLS, when secure): before
            // SecureAccess made iot_admin, only the default superuser can log in.
            return settings.secure() && SecurityErrors.refusedLogin(e);
          } catch (RuntimeException e) {
            return false;
          }
        },
        Duration.ofMillis(500));
  }

  private static final String LOGBACK_XML =
      """
      <configuration scan="false">
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
        </appender>
        <root level="INFO"><appender-ref ref="STDOUT"/></root>
        <logger name="org.apache.cassandra" level="INFO"/>
        <logger name="com.thinkaurelius.thrift" level="ERROR"/>
      </configuration>
      """;
}
