package io.iotpipeline.clients.schema;

import io.iotpipeline.clients.ClientException;
import io.iotpipeline.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the pipeline's topics if they are missing (idempotent; never changes existing topics),
 * and deletes scratch topics.
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  /** How long a deletion may take before it is reported as failed. */
  public static final Duration DELETE_TIMEOUT = Duration.ofSeconds(30);

  /** The topics the pipeline uses, with their partition counts. */
  public static List<NewTopic> pipelineTopics(KafkaSettings kafka) {
    short replicas = kafka.replicationFactor();
    return List.of(
        // Keyed by sensor: partitions bound the parallelism of ingest and analytics.
        new NewTopic(kafka.topic(), kafka.partitions(), replicas),
        new NewTopic(kafka.dlqTopic(), 1, replicas),
        new NewTopic(kafka.truthTopic(), 1, replicas),
        new NewTopic(kafka.alertsTopic(), 1, replicas));
  }

  /** An admin client of the settings' cluster, with their security. */
  public static Admin admin(KafkaSettings kafka) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(config);
  }

  /**
   * @return the names of the topics this call created
   */
  public static List<String> ensure(KafkaSettings kafka) {
    return ensure(kafka, pipelineTopics(kafka));
  }

  /** Creates those of {@code topics} that do not exist yet, on the settings' cluster. */
  public static List<String> ensure(KafkaSettings kafka, List<NewTopic> topics) {
    try (Admin admin = admin(kafka)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(t -> !existing.contains(t.name()))
              .map(KafkaTopics::withMinInSync)
              .toList();
      List<String> created = new ArrayList<>();
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          created.add(topic.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // a concurrent creator won the race otherwise; that is fine
          }
        }
      }
      return created;
    } catch (ExecutionException | TimeoutException e) {
      throw new ClientException(
          "cannot create Kafka topics at "
              + kafka.bootstrap()
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted while creating Kafka topics");
    }
  }

  /**
   * A topic of three or more replicas takes a write only when two of them have it: with acks=all no
   * acknowledged record is lost when one broker dies (Kafka's own replication tests run so).
   */
  static NewTopic withMinInSync(NewTopic topic) {
    short replicas = topic.replicationFactor();
    if (replicas < 3 || (topic.configs() != null && topic.configs().containsKey(MIN_IN_SYNC))) {
      return topic;
    }
    Map<String, String> configs =
        new HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
    configs.put(MIN_IN_SYNC, "2");
    return topic.configs(configs);
  }

  private static final String MIN_IN_SYNC = "min.insync.replicas";

  /** {@link #delete(KafkaSettings, Collection, Duration)} with {@link #DELETE_TIMEOUT}. */
  public static List<String> delete(KafkaSettings kafka, Collection<String> topics) {
    return delete(kafka, topics, DELETE_TIMEOUT);
  }

  /**
   * Deletes topics. A topic that does not exist counts as deleted, so cleaning up twice, or a
   * scratch topic that was never created, is no error.
   *
   * @return the names of the topics this call deleted
   * @throws ClientException when Kafka does not confirm within {@code timeout} or refuses
   */
  public static List<String> delete(
      KafkaSettings kafka, Collection<String> topics, Duration timeout) {
    Set<String> names = new LinkedHashSet<>(topics);
    if (names.isEmpty()) {
      return List.of();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    // The admin's own timeouts match the caller's, so closing it does not wait past the deadline.
    Map<String, Object> config = kafka.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      Map<String, KafkaFuture<Void>> results = admin.deleteTopics(names).topicNameValues();
      List<String> deleted = new ArrayList<>();
      for (String name : names) {
        try {
          results.get(name).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          deleted.add(name);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw e;
          }
        }
      }
      return deleted;
    } catch (ExecutionException e) {
      throw new ClientException(
          "cannot delete Kafka topics "
              + String.join(", ", names)
              + " at "
              + kafka.bootstrap()
              + ": "
              + e.getCause().getMessage(),
          e);
    } catch (TimeoutException e) {
      throw new ClientException(
          "cannot delete Kafka topics "
              + String.join(", ", names)
              + " at "
              + kafka.bootstrap()
              + ": no answer within "
              + timeout.toMillis()
              + " ms",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(
          "interrupted while deleting Kafka topics " + String.join(", ", names));
    }
  }
}
