package io.iotpipeline.stack.schema;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.stack.StackException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the pipeline's topics if they are missing. Idempotent; never changes existing topics. */
public final class KafkaTopics {
  private KafkaTopics() {}

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

  public static Admin admin(String bootstrap) {
    return Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  /** @return the names of the topics this call created */
  public static List<String> ensure(KafkaSettings kafka) {
    return ensure(kafka.bootstrap(), pipelineTopics(kafka));
  }

  public static List<String> ensure(String bootstrap, List<NewTopic> topics) {
    try (Admin admin = admin(bootstrap)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
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
      throw new StackException("cannot create Kafka topics at " + bootstrap + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while creating Kafka topics");
    }
  }
}
