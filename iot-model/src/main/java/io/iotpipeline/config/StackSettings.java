package io.iotpipeline.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** The local Kafka + Cassandra stack: where it keeps data and which ports it takes. */
public record StackSettings(
    Path dataDir,
    int nodes,
    boolean secure,
    int kafkaPort,
    int kafkaControllerPort,
    int cassandraPort,
    int cassandraStoragePort,
    int cassandraJmxPort,
    String kafkaHeap,
    String cassandraHeap,
    CommitlogSync commitlogSync,
    Duration startTimeout,
    Duration stopTimeout,
    Spark spark) {

  /**
   * When the local Cassandra node acknowledges a write ({@code stack.cassandra-commitlog-sync}).
   * Only the synced modes keep every acknowledged write through a crash of the node process: in
   * periodic mode a replay stops at the last sync marker, written every 100 ms, so a SIGKILL loses
   * the writes acknowledged since (measured: about 1,000 of 38,000 in CassandraCrashIT).
   */
  public enum CommitlogSync {
    /** Acknowledged once the commit log is fsynced; concurrent writes share one fsync. */
    BATCH,
    /** Like batch, but fsyncs at most every 10 ms: fewer syncs, a few ms more latency. */
    GROUP,
    /** Fsync every 10 s, acknowledged at once: faster, loses up to ~100 ms of writes on a crash. */
    PERIODIC;

    static CommitlogSync parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "stack.cassandra-commitlog-sync must be batch, group or periodic, got '" + value + "'");
      }
    }
  }

  /** The optional standalone Spark master + worker ({@code ./iot stack up --spark}). */
  public record Spark(
      boolean enabled,
      int masterPort,
      int masterUiPort,
      int workerUiPort,
      int workerCores,
      String workerMemory) {

    public Spark {
      if (workerCores < 1) {
        throw new ConfigException("stack.spark-worker-cores must be >= 1");
      }
      if (!workerMemory.matches("\\d+[mMgG]")) {
        throw new ConfigException("stack.spark-worker-memory looks like 512m or 2g");
      }
    }

    static Spark from(Settings settings) {
      return new Spark(
          settings.getBoolean("stack.spark"),
          settings.getInt("stack.spark-master-port"),
          settings.getInt("stack.spark-master-ui-port"),
          settings.getInt("stack.spark-worker-ui-port"),
          settings.getInt("stack.spark-worker-cores"),
          settings.get("stack.spark-worker-memory"));
    }

    public String masterUrl() {
      return "spark://127.0.0.1:" + masterPort;
    }
  }

  /** Node {@code i} of each engine binds 127.0.0.i; Linux routes all of 127.0.0.0/8 to lo. */
  public static final int MAX_NODES = 5;

  /** The file in the data dir that remembers how many nodes the stack there has. */
  public static final String LAYOUT_FILE = "stack.properties";

  public StackSettings {
    dataDir = dataDir.toAbsolutePath().normalize();
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new ConfigException(
          "stack.nodes must be between 1 and " + MAX_NODES + ", got " + nodes);
    }
    for (int port :
        new int[] {
          kafkaPort,
          kafkaControllerPort,
          cassandraPort,
          cassandraStoragePort,
          cassandraJmxPort,
          spark.masterPort(),
          spark.masterUiPort(),
          spark.workerUiPort()
        }) {
      if (port < 1 || port > 65535) {
        throw new ConfigException("stack port out of range: " + port);
      }
    }
    if (!kafkaHeap.matches("\\d+[mMgG]") || !cassandraHeap.matches("\\d+[mMgG]")) {
      throw new ConfigException("stack heap sizes look like 512m or 2g");
    }
  }

  public static StackSettings from(Settings settings) {
    return new StackSettings(
        Path.of(settings.get("data-dir")),
        settings.getInt("stack.nodes"),
        settings.getBoolean("stack.security"),
        settings.getInt("stack.kafka-port"),
        settings.getInt("stack.kafka-controller-port"),
        settings.getInt("stack.cassandra-port"),
        settings.getInt("stack.cassandra-storage-port"),
        settings.getInt("stack.cassandra-jmx-port"),
        settings.get("stack.kafka-heap"),
        settings.get("stack.cassandra-heap"),
        CommitlogSync.parse(settings.get("stack.cassandra-commitlog-sync")),
        settings.getDuration("stack.start-timeout"),
        settings.getDuration("stack.stop-timeout"),
        Spark.from(settings));
  }

  /** Every broker, as clients list them. */
  public String kafkaBootstrap() {
    return everyNode(nodes, kafkaPort);
  }

  /** Every Cassandra node, as clients list them. */
  public String cassandraContactPoints() {
    return everyNode(nodes, cassandraPort);
  }

  /** The address node {@code node} (1-based) of each engine binds. */
  public static String nodeAddress(int node) {
    return "127.0.0." + node;
  }

  /** The replication factor the local stack's topics and keyspace get: 3 once there are 3. */
  public static int replicationFactor(int nodes) {
    return Math.min(nodes, 3);
  }

  /**
   * What a data dir's stack was started as: how many nodes per engine, and whether secure. Both are
   * fixed once the nodes have data: their storage, certificates and users follow them.
   */
  public record Layout(int nodes, boolean secure) {}

  /** The layout of the stack in {@code dataDir}, if one was started there. */
  public static Optional<Layout> rememberedLayout(Path dataDir) {
    Path layout = dataDir.resolve(LAYOUT_FILE);
    if (!Files.isRegularFile(layout)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(layout)) {
      properties.load(in);
      return Optional.of(
          new Layout(
              Integer.parseInt(properties.getProperty("nodes", "").trim()),
              // Stacks made before secure mode existed were plain.
              properties.getProperty("security", "off").trim().equals("on")));
    } catch (IOException | NumberFormatException e) {
      throw new ConfigException(
          layout + " is unreadable (" + e.getMessage() + "); it holds nodes=N and security=on|off");
    }
  }

  /** Writes what {@link #rememberedLayout} reads: the data dir now holds a stack of this layout. */
  public void rememberLayout() throws IOException {
    Files.createDirectories(dataDir);
    Files.writeString(
        dataDir.resolve(LAYOUT_FILE),
        "# Written by ./iot stack up: the shape of the stack in this data dir.\n"
            + "nodes="
            + nodes
            + "\nsecurity="
            + (secure ? "on" : "off")
            + "\n");
  }

  /** Where a secure stack keeps its generated certificates, passwords and client settings. */
  public Path secretsDir() {
    return secretsDir(dataDir);
  }

  static Path secretsDir(Path dataDir) {
    return dataDir.resolve("secrets");
  }

  /** {@code 127.0.0.1:port,127.0.0.2:port,...}: the stack listens on loopback only. */
  static String everyNode(int nodes, int port) {
    StringBuilder joined = new StringBuilder();
    for (int node = 1; node <= nodes; node++) {
      joined.append(node == 1 ? "" : ",").append(nodeAddress(node)).append(':').append(port);
    }
    return joined.toString();
  }
}
