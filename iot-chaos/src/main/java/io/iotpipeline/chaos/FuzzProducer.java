package io.iotpipeline.chaos;

import io.iotpipeline.config.KafkaSettings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends {@link HostileMessages} into the readings topic and remembers where Kafka put each one it
 * acknowledged, so the checker can look for every one of them in the dead-letter topic.
 */
final class FuzzProducer implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final HostileMessages messages;
  private final Set<Long> acknowledged = new HashSet<>();
  private final Map<String, Long> sentByKind = new HashMap<>();
  private final AtomicLong failed = new AtomicLong();
  private long next;

  FuzzProducer(KafkaSettings kafka, String topic, long seed) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "iot-chaos-fuzz");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // The 1 MB messages: the client's own limit is 1 MiB per request, the broker's per record.
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    this.producer = new KafkaProducer<>(config);
    this.topic = topic;
    this.messages = new HostileMessages(seed);
  }

  /** Sends the next {@code count} messages and waits until Kafka answered for each. */
  void send(int count) {
    for (int i = 0; i < count; i++) {
      HostileMessages.Message message = messages.message(next++);
      sentByKind.merge(message.kind(), 1L, Long::sum);
      try {
        producer.send(
            new ProducerRecord<>(topic, message.key(), message.value()),
            (metadata, error) -> {
              if (error == null) {
                synchronized (acknowledged) {
                  acknowledged.add(position(metadata.partition(), metadata.offset()));
                }
              } else {
                failed.incrementAndGet();
              }
            });
      } catch (RuntimeException e) {
        failed.incrementAndGet();
      }
    }
    producer.flush();
  }

  static long position(int partition, long offset) {
    return ((long) partition << 40) | offset;
  }

  long sent() {
    return next;
  }

  long failed() {
    return failed.get();
  }

  Map<String, Long> sentByKind() {
    return Map.copyOf(sentByKind);
  }

  /** Where each acknowledged message is, as {@link #position} values. */
  Set<Long> acknowledged() {
    synchronized (acknowledged) {
      return Set.copyOf(acknowledged);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
