package io.iotpipeline.stack;

import io.iotpipeline.config.StackSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Waits, after each node answered on its own, until the nodes form one cluster per engine: every
 * broker registered in Kafka's metadata, every Cassandra node UP in the ring a client sees. An
 * engine is checked only when all its nodes are among those started or awaited: starting one node
 * while another is down on purpose must not wait for that one.
 */
final class ClusterFormation {
  private ClusterFormation() {}

  private static final Duration POLL = Duration.ofMillis(500);

  static void await(StackSettings settings, Collection<LocalService> nodes, Instant deadline) {
    if (allNodesOf(KafkaService.NAME, nodes, settings)) {
      awaitCondition(
          "kafka",
          deadline,
          () -> ClusterView.kafkaBrokers(settings).map(Set::size).orElse(0) == settings.nodes(),
          "brokers");
    }
    if (allNodesOf(CassandraService.NAME, nodes, settings)) {
      awaitCondition(
          "cassandra",
          deadline,
          () ->
              ClusterView.cassandraStates(settings)
                      .map(states -> states.values().stream().filter("UP"::equals).count())
                      .orElse(0L)
                  == settings.nodes(),
          "nodes UP");
    }
  }

  private static boolean allNodesOf(
      String engine, Collection<LocalService> nodes, StackSettings settings) {
    return nodes.stream().filter(n -> n.engine().equals(engine)).count() == settings.nodes();
  }

  private static void awaitCondition(
      String engine, Instant deadline, BooleanSupplier formed, String what) {
    while (!formed.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new StackException(
            "the "
                + engine
                + " nodes did not form one cluster in time (not every node among the "
                + what
                + "); see ./iot stack status and ./iot stack logs");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("interrupted while waiting for the " + engine + " cluster");
      }
    }
  }
}
