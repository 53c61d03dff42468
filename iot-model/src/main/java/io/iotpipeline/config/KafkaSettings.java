package io.iotpipeline.config;

/** Where and how the pipeline talks to Kafka. */
public record KafkaSettings(
    String bootstrap,
    String topic,
    String dlqTopic,
    String truthTopic,
    String alertsTopic,
    int partitions,
    short replicationFactor) {

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
        (short) settings.getInt("kafka.replication-factor"));
  }

  public KafkaSettings withTopic(String newTopic, String newDlqTopic) {
    return new KafkaSettings(
        bootstrap, newTopic, newDlqTopic, truthTopic, alertsTopic, partitions, replicationFactor);
  }
}
