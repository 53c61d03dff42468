package io.iotpipeline.bench;

import io.iotpipeline.clients.schema.PipelineSchema;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.stack.PortProbe;
import io.iotpipeline.stack.SecureAccess;
import io.iotpipeline.stack.ServiceStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A second local stack a section compares the bench's stack with (three nodes, secure): in a data
 * dir of its own under the bench's, on free ports, so it runs beside the stack the bench uses;
 * started with topics, schema (and on a secure stack the grants), stopped and deleted on close.
 */
public final class OwnStack implements AutoCloseable {

  private final Settings settings;
  private final LocalStack stack;

  private OwnStack(Settings settings) {
    this.settings = settings;
    this.stack = new LocalStack(StackSettings.from(settings));
  }

  /**
   * Starts it; {@code shape} are the stack settings that make it differ (e.g. {@code stack.nodes},
   * {@code stack.security}).
   */
  public static OwnStack start(Settings bench, String name, Map<String, String> shape)
      throws IOException {
    List<Integer> ports = freePorts(5);
    int nodes = Integer.parseInt(shape.getOrDefault("stack.nodes", "1"));
    for (int node = 2; node <= nodes; node++) {
      // JMX of node i sits 100 x (i - 1) above the base port.
      int jmx = ports.get(4) + 100 * (node - 1);
      if (!PortProbe.isFree(jmx)) {
        throw new IllegalStateException("port " + jmx + " is in use");
      }
    }
    Map<String, String> overrides = new LinkedHashMap<>(shape);
    overrides.put("data-dir", Path.of(bench.get("data-dir")).resolve(name).toString());
    overrides.put("stack.kafka-port", Integer.toString(ports.get(0)));
    overrides.put("stack.kafka-controller-port", Integer.toString(ports.get(1)));
    overrides.put("stack.cassandra-port", Integer.toString(ports.get(2)));
    overrides.put("stack.cassandra-storage-port", Integer.toString(ports.get(3)));
    overrides.put("stack.cassandra-jmx-port", Integer.toString(ports.get(4)));
    overrides.put("stack.start-timeout", bench.get("stack.start-timeout"));
    Settings layered = Settings.defaults().with(overrides).withLocalStack();
    OwnStack own = new OwnStack(layered);
    StackSettings stackSettings = StackSettings.from(layered);
    if (own.stack.status().stream().anyMatch(ServiceStatus::running)) {
      own.stack.down(); // left over from an interrupted run
    }
    BenchFiles.deleteRecursively(stackSettings.dataDir());
    System.out.println(
        name
            + " stack in "
            + stackSettings.dataDir()
            + " ("
            + stackSettings.kafkaBootstrap()
            + ") ...");
    try {
      long began = System.nanoTime();
      own.stack.up();
      System.out.printf(Locale.ROOT, "  up in %.0f s%n", (System.nanoTime() - began) / 1e9);
      Settings admin = own.settings();
      KafkaSettings kafka = KafkaSettings.from(admin);
      CassandraSettings cassandra = CassandraSettings.from(admin);
      PipelineSchema.ensure(kafka, cassandra);
      if (stackSettings.secure()) {
        new SecureAccess(stackSettings)
            .grant(cassandra.keyspace(), kafka, admin.get("ingest.group-id"));
      }
      return own;
    } catch (RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /** Its settings, with the admin's credentials on a secure stack. */
  public Settings settings() {
    return settings.asComponent("admin");
  }

  public LocalStack stack() {
    return stack;
  }

  /** A few free ports, held together while they are chosen so they differ. */
  static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  @Override
  public void close() {
    System.out.println("Stopping and deleting " + StackSettings.from(settings).dataDir() + " ...");
    stack.down();
    BenchFiles.deleteRecursively(StackSettings.from(settings).dataDir());
  }
}
