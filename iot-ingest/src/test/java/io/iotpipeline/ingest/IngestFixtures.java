package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test data and checks shared by the ingest integration tests. */
final class IngestFixtures {
  private IngestFixtures() {}

  static final ReadingCodec CODEC = new ReadingCodec();

  /** Ten minutes before midnight: a sensor's readings span two days, hence two partitions. */
  static final Instant START = Instant.parse("2026-11-27T23:50:00Z");

  /** Deterministic readings: sensor-major order of production is interleaved by sensor. */
  static List<SensorReading> readings(int firstSensor, int sensors, int perSensor, Duration step) {
    List<SensorReading> readings = new ArrayList<>(sensors * perSensor);
    for (int i = 0; i < perSensor; i++) {
      for (int s = 0; s < sensors; s++) {
        int sensor = firstSensor + s;
        Instant time = START.plus(step.multipliedBy(i)).plusMillis(s % 7);
        double temperature = 15 + (sensor % 10) + (i % 100) / 10.0;
        double humidity = 40 + (i % 50) / 2.0;
        readings.add(
            new SensorReading(sensor, time, temperature, humidity, i, "site-" + (sensor % 3)));
      }
    }
    return readings;
  }

  /** A fresh topic (and its dead-letter topic) in this class's stack. */
  static KafkaSettings freshTopics(TestStack stack, String name, int partitions) {
    String topic = stack.kafka().topic() + "-" + name;
    KafkaTopics.ensure(
        stack.kafka(),
        List.of(
            new NewTopic(topic, partitions, (short) 1),
            new NewTopic(topic + "-dlq", 1, (short) 1)));
    return stack.kafka().withTopic(topic, topic + "-dlq");
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            128 * 1024),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  static void produce(KafkaSettings kafka, List<SensorReading> readings) {
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrap())) {
      for (SensorReading reading : readings) {
        producer.send(record(kafka.topic(), reading));
      }
      producer.flush();
    }
  }

  static ProducerRecord<byte[], byte[]> record(String topic, SensorReading reading) {
    return new ProducerRecord<>(
        topic,
        Integer.toString(reading.sensorId()).getBytes(StandardCharsets.UTF_8),
        CODEC.encode(reading));
  }

  static IngestOptions options(String group) {
    return IngestOptions.defaults().withGroupId(group).withMetricsInterval(Duration.ofSeconds(1));
  }

  static String group() {
    return "it-group-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Rows stored for these readings' partitions, counted partition by partition. */
  static long countRows(CqlSession session, String keyspace, Collection<SensorReading> readings) {
    Set<Map.Entry<Integer, LocalDate>> partitions = new LinkedHashSet<>();
    for (SensorReading reading : readings) {
      partitions.add(Map.entry(reading.sensorId(), reading.day()));
    }
    long rows = 0;
    for (Map.Entry<Integer, LocalDate> partition : partitions) {
      rows +=
          session
              .execute(
                  SimpleStatement.newInstance(
                          "SELECT COUNT(*) FROM "
                              + keyspace
                              + ".sensor_data WHERE sensor_id = ? AND day = ?",
                          partition.getKey(),
                          partition.getValue())
                      .setTimeout(Duration.ofSeconds(30)))
              .one()
              .getLong(0);
    }
    return rows;
  }

  /** The group's committed offsets, summed over the topic's partitions. */
  static long committedTotal(KafkaSettings kafka, String group) throws Exception {
    try (Admin admin = KafkaTopics.admin(kafka)) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> plain = new HashMap<>();
      offsets.forEach(
          (partition, offset) -> plain.put(partition, offset == null ? 0 : offset.offset()));
      return plain.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
