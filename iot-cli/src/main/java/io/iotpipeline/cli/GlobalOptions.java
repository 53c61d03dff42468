package io.iotpipeline.cli;

import io.iotpipeline.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every command takes. Precedence: defaults, then the local-stack layer (clients point at
 * the local stack's ports, see {@link Settings#withLocalStack()}), then {@code --config} file, then
 * {@code IOT_*} environment variables, then these flags.
 */
public final class GlobalOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Settings file (Java properties; keys as listed by './iot config').")
  Path configFile;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the local stack keeps data and logs (default ./data; env IOT_DATA_DIR).")
  String dataDir;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers (default 127.0.0.1:9092; env IOT_KAFKA_BOOTSTRAP).")
  String kafkaBootstrap;

  @Option(
      names = "--cassandra-contact-points",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Cassandra contact points (default 127.0.0.1:9042; env IOT_CASSANDRA_CONTACT_POINTS).")
  String cassandraContactPoints;

  @Option(
      names = "--cassandra-dc",
      paramLabel = "DC",
      description = "Cassandra local datacenter (default datacenter1; env IOT_CASSANDRA_DC).")
  String cassandraDc;

  @Option(
      names = {"-D", "--set"},
      paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. -D kafka.partitions=12 (see './iot config').")
  Map<String, String> settings = new LinkedHashMap<>();

  /**
   * The settings of this invocation, every layer applied, with the admin's credentials on a secure
   * local stack: what the tools (setup, status, bench, config, the stack itself) use.
   */
  public Settings load() {
    return load(Map.of());
  }

  /**
   * Like {@link #load()}, with a command's own flags (e.g. {@code stack up --nodes}) as flags too,
   * so the local-stack layer follows them.
   */
  public Settings load(Map<String, String> commandFlags) {
    return loadAs("admin", commandFlags);
  }

  /**
   * The settings of one pipeline component ({@code simulator}, {@code ingest}, {@code analytics},
   * {@code api}): on a secure local stack with that component's own credentials only.
   */
  public Settings loadAs(String component) {
    return loadAs(component, Map.of());
  }

  private Settings loadAs(String component, Map<String, String> commandFlags) {
    return loadWithoutLocalStack(commandFlags).withLocalStack().asComponent(component);
  }

  /** Without the local-stack layer: for {@code demo --external}, which must not assume one. */
  public Settings loadWithoutLocalStack() {
    return loadWithoutLocalStack(Map.of());
  }

  private Settings loadWithoutLocalStack(Map<String, String> commandFlags) {
    Map<String, String> flags = new LinkedHashMap<>(settings);
    flags.putAll(commandFlags);
    putIfSet(flags, "data-dir", dataDir);
    putIfSet(flags, "kafka.bootstrap", kafkaBootstrap);
    putIfSet(flags, "cassandra.contact-points", cassandraContactPoints);
    putIfSet(flags, "cassandra.dc", cassandraDc);
    return Settings.load(configFile, System.getenv(), flags);
  }

  private static void putIfSet(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
