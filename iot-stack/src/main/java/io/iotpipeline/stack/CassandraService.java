package io.iotpipeline.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.config.StackSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A single Cassandra 5.0 node listening on 127.0.0.1. */
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
  private final Path home;

  CassandraService(StackSettings settings) {
    this.settings = settings;
    this.home = settings.dataDir().resolve(NAME);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int clientPort() {
    return settings.cassandraPort();
  }

  @Override
  public List<Integer> ports() {
    return List.of(
        settings.cassandraPort(), settings.cassandraStoragePort(), settings.cassandraJmxPort());
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
      Files.writeString(home.resolve("conf/cassandra.yaml"), cassandraYaml());
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
        "num_tokens: 16",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "endpoint_snitch: SimpleSnitch",
        "data_file_directories:",
        "  - " + home.resolve("data"),
        "commitlog_directory: " + home.resolve("commitlog"),
        "saved_caches_directory: " + home.resolve("saved_caches"),
        "hints_directory: " + home.resolve("hints"),
        "cdc_raw_directory: " + home.resolve("cdc_raw"),
        commitlogSync(),
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"127.0.0.1:" + settings.cassandraStoragePort() + "\"",
        "listen_address: 127.0.0.1",
        "rpc_address: 127.0.0.1",
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
        "");
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
                "-Dcassandra.jmx.local.port=" + settings.cassandraJmxPort(),
                "-Dcassandra.skip_wait_for_gossip_to_settle=0"));
    jvm.addAll(JAVA17_OPTIONS);
    return JavaCommand.of(NAME, settings.dataDir(), jvm, classpath, MAIN_CLASS, List.of());
  }

  @Override
  public void awaitReady(ProcessHandle process, Instant deadline) {
    Readiness.await(
        NAME,
        process,
        deadline,
        () -> {
          if (!PortProbe.isListening(settings.cassandraPort())) {
            return false;
          }
          try (CqlSession session =
              CqlSession.builder()
                  .addContactPoint(new InetSocketAddress("127.0.0.1", settings.cassandraPort()))
                  .withLocalDatacenter("datacenter1")
                  .build()) {
            return session.execute("SELECT release_version FROM system.local").one() != null;
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
