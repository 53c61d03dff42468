package io.iotpipeline.testkit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.LocalStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Cassandra node of one test class's own, for fault tests that crash (SIGKILL) or hang (SIGSTOP)
 * it: free ports and a data dir of its own, configured exactly as {@code ./iot stack up} configures
 * the local node, so the node the rest of the build shares is never hit. Its keyspace is migrated
 * to the newest schema on start.
 */
public final class PrivateCassandraNode implements AutoCloseable {

  private static final String SERVICE = "cassandra";

  private final LocalStack stack;
  private final CassandraSettings cassandra;
  private boolean paused;
  private boolean closed;

  private PrivateCassandraNode(LocalStack stack, CassandraSettings cassandra) {
    this.stack = stack;
    this.cassandra = cassandra;
  }

  /**
   * Starts the node and migrates {@code keyspace}; returns when clients can use it.
   *
   * @param extraSettings stack settings to override, e.g. {@code stack.cassandra-commitlog-sync}
   */
  public static PrivateCassandraNode launch(String keyspace, Map<String, String> extraSettings) {
    List<Integer> ports = FreePorts.take(3);
    Map<String, String> values =
        new HashMap<>(
            Map.of(
                "data-dir",
                    Path.of("target", "cassandra-" + keyspace + "-" + UUID.randomUUID())
                        .toAbsolutePath()
                        .toString(),
                "stack.cassandra-port", ports.get(0).toString(),
                "stack.cassandra-storage-port", ports.get(1).toString(),
                "stack.cassandra-jmx-port", ports.get(2).toString(),
                "stack.cassandra-heap", "1g",
                "cassandra.contact-points", "127.0.0.1:" + ports.get(0),
                "cassandra.keyspace", keyspace));
    values.putAll(extraSettings);
    Settings settings = Settings.defaults().with(values);
    PrivateCassandraNode node =
        new PrivateCassandraNode(
            new LocalStack(StackSettings.from(settings)), CassandraSettings.from(settings));
    try {
      node.restart();
      try (CqlSession ddl = CassandraSessions.open(node.cassandra)) {
        new SchemaMigrator(node.cassandra).migrate(ddl);
      }
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** Settings that point at this node and its keyspace. */
  public CassandraSettings cassandra() {
    return cassandra;
  }

  /** A new session bound to the keyspace; the caller closes it. */
  public CqlSession openSession() {
    return CassandraSessions.openInKeyspace(cassandra);
  }

  /** SIGKILL: a process crash, no flush, no shutdown hook. */
  public void kill() {
    stack.kill(SERVICE);
  }

  /** SIGSTOP: the node hangs with its sockets open (clients time out, nothing is refused). */
  public void pause() {
    stack.pause(SERVICE);
    paused = true;
  }

  public void resume() {
    stack.resume(SERVICE);
    paused = false;
  }

  /** Starts the node (with its data) unless it runs; returns when clients can use it. */
  public void restart() {
    stack.up(List.of(SERVICE));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (paused) {
        resume(); // a stopped JVM cannot act on the SIGTERM of a graceful stop
      }
      stack.down();
    }
  }
}
