package io.iotpipeline.bench;

import io.iotpipeline.clients.ClientException;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;

/** Topics of a section's own, so a bench never reads or fills the pipeline's topics. */
public final class ScratchTopics {
  private ScratchTopics() {}

  /** A fresh readings topic for {@code name}, with the pipeline's partitioning; delete it after. */
  public static KafkaSettings create(Settings settings, String name) {
    KafkaSettings kafka = KafkaSettings.from(settings);
    String topic = "bench-" + name + "-" + Long.toString(System.nanoTime(), 36);
    KafkaSettings scratch = kafka.withTopic(topic, kafka.dlqTopic());
    KafkaTopics.ensure(
        scratch, List.of(new NewTopic(topic, kafka.partitions(), kafka.replicationFactor())));
    return scratch;
  }

  public static void delete(KafkaSettings kafka) {
    try {
      KafkaTopics.delete(kafka, List.of(kafka.topic()));
    } catch (ClientException e) {
      System.out.println("note: could not delete " + kafka.topic() + ": " + e.getMessage());
    }
  }
}
