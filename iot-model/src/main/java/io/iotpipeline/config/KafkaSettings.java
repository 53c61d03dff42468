package io.iotpipeline.config;

import java.util.HashMap;
import java.util.Map;

/** Where and how the pipeline talks to Kafka. */
public record KafkaSettings(
    String bootstrap,
    String topic,
    String dlqTopic,
    String truthTopic,
    String alertsTopic,
    int partitions,
    short replicationFactor,
    KafkaSecurity security) {

  public KafkaSettings {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new ConfigException("kafka.bootstrap must not be empty");
    }
    if (partitions < 1) {
      throw new ConfigException("kafka.partitions must be >= 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new ConfigException("kafka.replication-factor must be >= 1, got " + replicationFactor);
    }
  }

  public static KafkaSettings from(Settings settings) {
    return new KafkaSettings(
        settings.get("kafka.bootstrap"),
        settings.get("kafka.topic"),
        settings.get("kafka.dlq-topic"),
        settings.get("kafka.truth-topic"),
        settings.get("kafka.alerts-topic"),
        settings.getInt("kafka.partitions"),
        (short) settings.getInt("kafka.replication-factor"),
        KafkaSecurity.from(settings));
  }

  /**
   * What every Kafka client of the pipeline starts its configuration from: the bootstrap servers
   * and the security properties. Producers, consumers and admin clients add their own on top.
   */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(security.clientProperties());
    config.put("bootstrap.servers", bootstrap);
    return config;
  }

  public KafkaSettings withTopic(String newTopic, String newDlqTopic) {
    return new KafkaSettings(
        bootstrap,
        newTopic,
        newDlqTopic,
        truthTopic,
        alertsTopic,
        partitions,
        replicationFactor,
        security);
  }

  /** The same topics under other names (tests and benchmarks use topics of their own). */
  public KafkaSettings withTopics(String newTopic, String newDlqTopic, String newTruthTopic) {
    return new KafkaSettings(
        bootstrap,
        newTopic,
        newDlqTopic,
        newTruthTopic,
        alertsTopic,
        partitions,
        replicationFactor,
        security);
  }

  public KafkaSettings withBootstrap(String newBootstrap) {
    return new KafkaSettings(
        newBootstrap,
        topic,
        dlqTopic,
        truthTopic,
        alertsTopic,
        partitions,
        replicationFactor,
        security);
  }

  public KafkaSettings withPartitions(int newPartitions, short newReplicationFactor) {
    return new KafkaSettings(
        bootstrap,
        topic,
        dlqTopic,
        truthTopic,
        alertsTopic,
        newPartitions,
        newReplicationFactor,
        security);
  }
}
