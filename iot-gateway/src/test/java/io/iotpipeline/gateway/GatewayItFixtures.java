package io.iotpipeline.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.ingest.KafkaIngester;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the gateway's integration tests share: topics, readings, row counts, a resending device. */
final class GatewayItFixtures {
  private GatewayItFixtures() {}

  private static final Logger log = LoggerFactory.getLogger(GatewayItFixtures.class);

  /** A fresh readings topic and dead-letter topic in the stack. */
  static KafkaSettings freshTopics(TestStack stack, String name) {
    String topic =
        stack.kafka().topic() + "-gw-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
    KafkaTopics.ensure(
        stack.kafka(),
        List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(topic + "-dlq", 1, (short) 1)));
    return stack.kafka().withTopic(topic, topic + "-dlq");
  }

  static GatewayConfig config(KafkaSettings kafka, TestStack stack, boolean open) {
    return new GatewayConfig(
        "127.0.0.1",
        0,
        0,
        open,
        20_000,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        kafka,
        stack.cassandra());
  }

  /** {@code perSensor} readings of each of {@code sensors} sensors, one second apart. */
  static List<SensorReading> readings(int firstSensor, int sensors, int perSensor) {
    List<SensorReading> readings = new ArrayList<>();
    for (int s = 0; s < sensors; s++) {
      for (int i = 0; i < perSensor; i++) {
        readings.add(GatewayFixtures.reading(firstSensor + s, i));
      }
    }
    return readings;
  }

  /** Runs the real ingester until the topic has been idle for 10 s (or {@code records} read). */
  static void ingest(KafkaSettings kafka, TestStack stack, long records) throws Exception {
    IngestOptions options =
        IngestOptions.defaults()
            .withGroupId("gw-it-" + UUID.randomUUID().toString().substring(0, 8))
            .withStop(Duration.ofSeconds(10), records)
            .withMetricsInterval(Duration.ofSeconds(2));
    try (KafkaIngester ingester =
        KafkaIngester.create(
            options, kafka, stack.cassandra(), Clock.systemUTC(), KafkaIngester.logReporter())) {
      ingester.start();
      if (!ingester.awaitTermination(Duration.ofSeconds(180))) {
        throw new AssertionError("the ingester did not finish in 180 s");
      }
      if (ingester.failure().isPresent()) {
        throw new AssertionError("the ingester failed", ingester.failure().get());
      }
    }
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
                      partition.getValue()))
              .one()
              .getLong(0);
    }
    return rows;
  }

  /** Every record of a topic from the start, read until {@code expected} came or 30 s passed. */
  static List<ConsumerRecord<byte[], byte[]>> readTopic(
      String bootstrap, String topic, int expected) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "gw-it-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * A device that publishes at QoS 1 and resends what was not acknowledged: a failed or timed-out
   * publish is sent again, over a new connection when the old one is gone, until acknowledged.
   */
  static final class ResendingDevice implements AutoCloseable {
    private final String host;
    private final int port;
    private final String id = "device-" + UUID.randomUUID();
    private final AtomicInteger acked;
    private final Duration pace;
    private Mqtt5BlockingClient client;
    int resends;

    ResendingDevice(String host, int port) {
      this(host, port, new AtomicInteger(), Duration.ZERO);
    }

    /**
     * @param acked counts every acknowledged publish (shared by several devices)
     * @param pace the pause after each acknowledged publish
     */
    ResendingDevice(String host, int port, AtomicInteger acked, Duration pace) {
      this.host = host;
      this.port = port;
      this.acked = acked;
      this.pace = pace;
    }

    /** Publishes every payload in order, each until acknowledged or the deadline passed. */
    void publishAll(String topic, List<byte[]> payloads, Duration deadline) {
      long end = System.nanoTime() + deadline.toNanos();
      for (byte[] payload : payloads) {
        while (true) {
          if (System.nanoTime() > end) {
            throw new AssertionError("not acknowledged within " + deadline + " on " + topic);
          }
          try {
            connected()
                .toAsync()
                .publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .get(5, TimeUnit.SECONDS);
            acked.incrementAndGet();
            if (!pace.isZero()) {
              sleep(pace.toMillis());
            }
            break;
          } catch (Exception e) {
            resends++;
            log.debug("Resending on {} after {}", topic, e.toString());
            dropConnection();
            sleep(200);
          }
        }
      }
    }

    private Mqtt5BlockingClient connected() {
      if (client == null || !client.getState().isConnected()) {
        dropConnection();
        Mqtt5BlockingClient fresh =
            MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost(host)
                .serverPort(port)
                .buildBlocking();
        fresh.connect();
        client = fresh;
      }
      return client;
    }

    private void dropConnection() {
      if (client != null) {
        try {
          if (client.getState().isConnected()) {
            client.disconnect();
          }
        } catch (RuntimeException ignored) {
          // already gone
        }
        client = null;
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    @Override
    public void close() {
      dropConnection();
    }
  }
}
