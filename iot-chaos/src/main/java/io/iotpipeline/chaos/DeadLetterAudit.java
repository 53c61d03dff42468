package io.iotpipeline.chaos;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.Topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The dead-letter topic read back from its start: which records of the readings topic it holds with
 * a reason, and which hostile messages are missing from it.
 *
 * @param deadLetters records in the dead-letter topic
 * @param fuzzMissing acknowledged hostile messages without a dead letter that gives a reason
 * @param fuzzMissingSample where the first few of those are
 * @param reasons how many dead letters gave each reason (its first 40 characters)
 */
record DeadLetterAudit(
    long deadLetters, long fuzzMissing, List<String> fuzzMissingSample, Map<String, Long> reasons) {

  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  static DeadLetterAudit read(
      KafkaSettings kafka, String dlqTopic, String sourceTopic, Set<Long> fuzzPositions) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long deadLetters = 0;
    Set<Long> explained = new HashSet<>();
    Map<String, Long> reasons = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(dlqTopic).stream()
              .map(info -> new TopicPartition(dlqTopic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read "
                  + dlqTopic
                  + " to its end within "
                  + READ_TIMEOUT.toMinutes()
                  + " min");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          deadLetters++;
          String reason = header(record, DeadLetterHeaders.REASON);
          if (reason == null || reason.isBlank()) {
            continue;
          }
          reasons.merge(reason.substring(0, Math.min(40, reason.length())), 1L, Long::sum);
          String partition = header(record, DeadLetterHeaders.SOURCE_PARTITION);
          String offset = header(record, DeadLetterHeaders.SOURCE_OFFSET);
          if (sourceTopic.equals(header(record, DeadLetterHeaders.SOURCE_TOPIC))
              && partition != null
              && offset != null) {
            explained.add(
                FuzzProducer.position(Integer.parseInt(partition), Long.parseLong(offset)));
          }
        }
      }
    }
    List<Long> missing =
        fuzzPositions.stream().filter(p -> !explained.contains(p)).sorted().toList();
    return new DeadLetterAudit(
        deadLetters,
        missing.size(),
        missing.stream()
            .limit(5)
            .map(p -> "partition " + (p >>> 40) + " offset " + (p & ((1L << 40) - 1)))
            .toList(),
        Map.copyOf(reasons));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
