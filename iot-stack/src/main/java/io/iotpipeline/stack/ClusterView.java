package io.iotpipeline.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.iotpipeline.config.StackSettings;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * What the engines themselves say about the local stack's nodes, as a client sees it: Kafka's
 * registered brokers and partition leaders, the Cassandra ring's node states. Empty when no node of
 * the engine answers.
 */
public final class ClusterView {
  private ClusterView() {}

  /** The ids of the brokers in Kafka's metadata (node {@code i} of the stack has id {@code i}). */
  public static Optional<Set<Integer>> kafkaBrokers(StackSettings settings) {
    try (Admin admin = admin(settings)) {
      Set<Integer> ids = new TreeSet<>();
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(3000))
          .nodes()
          .get(4, TimeUnit.SECONDS)
          .forEach(broker -> ids.add(broker.id()));
      return Optional.of(ids);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** How many partitions (of every topic, internal ones included) each broker id leads. */
  public static Optional<Map<Integer, Integer>> kafkaLeaders(StackSettings settings) {
    return kafkaLeaders(settings, Optional.empty());
  }

  /** How many partitions of one topic each broker id leads. */
  public static Optional<Map<Integer, Integer>> kafkaLeaders(StackSettings settings, String topic) {
    return kafkaLeaders(settings, Optional.of(topic));
  }

  private static Optional<Map<Integer, Integer>> kafkaLeaders(
      StackSettings settings, Optional<String> onlyTopic) {
    try (Admin admin = admin(settings)) {
      Set<String> topics =
          onlyTopic.isPresent()
              ? Set.of(onlyTopic.get())
              : admin
                  .listTopics(new ListTopicsOptions().listInternal(true))
                  .names()
                  .get(4, TimeUnit.SECONDS);
      Map<Integer, Integer> led = new HashMap<>();
      for (TopicDescription topic :
          admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
        topic
            .partitions()
            .forEach(
                partition -> {
                  if (partition.leader() != null && !partition.leader().isEmpty()) {
                    led.merge(partition.leader().id(), 1, Integer::sum);
                  }
                });
      }
      return Optional.of(led);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /**
   * The node name of the broker leading the most partitions of {@code topic}, whose loss moves the
   * most leaders: {@code kafka} alone, {@code kafka-<id>} on a cluster ({@code kafka-1} when Kafka
   * does not answer).
   */
  public static String busiestBroker(StackSettings settings, String topic) {
    if (settings.nodes() == 1) {
      return "kafka";
    }
    int broker =
        kafkaLeaders(settings, topic)
            .flatMap(led -> led.entrySet().stream().max(Map.Entry.comparingByValue()))
            .map(Map.Entry::getKey)
            .orElse(1);
    return "kafka-" + broker;
  }

  /** Each node's state in the ring ({@code UP}, {@code DOWN}, ...), keyed by its address. */
  public static Optional<Map<String, String>> cassandraStates(StackSettings settings) {
    List<InetSocketAddress> points = new ArrayList<>();
    for (int node = 1; node <= settings.nodes(); node++) {
      points.add(new InetSocketAddress(StackSettings.nodeAddress(node), settings.cassandraPort()));
    }
    try (CqlSession session =
        StackClients.cassandra(settings, StackSecrets.lazy(settings), points).build()) {
      Map<String, String> states = new HashMap<>();
      for (Node node : session.getMetadata().getNodes().values()) {
        node.getBroadcastRpcAddress()
            .or(() -> node.getListenAddress())
            .ifPresent(
                address ->
                    states.put(address.getAddress().getHostAddress(), node.getState().name()));
      }
      return Optional.of(states);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Admin admin(StackSettings settings) {
    return Admin.create(
        StackClients.kafkaAdmin(settings, StackSecrets.lazy(settings), settings.kafkaBootstrap()));
  }
}
