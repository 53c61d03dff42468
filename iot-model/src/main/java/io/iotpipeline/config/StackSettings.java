package io.iotpipeline.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The local Kafka + Cassandra stack: where it keeps data and which ports it takes. */
public record StackSettings(
    Path dataDir,
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

  public StackSettings {
    dataDir = dataDir.toAbsolutePath().normalize();
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

  public String kafkaBootstrap() {
    return loopback(kafkaPort);
  }

  public String cassandraContactPoint() {
    return loopback(cassandraPort);
  }

  /** The local stack listens on loopback only. */
  static String loopback(int port) {
    return "127.0.0.1:" + port;
  }
}
