package io.iotpipeline.gateway;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.Topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one Kafka producer, behind a bounded buffer: a caller first reserves room for its
 * records ({@link #tryReserve}), then sends them; the room comes back when Kafka acknowledged or
 * the send failed. When Kafka is slow or down the room runs out and callers refuse work (MQTT: no
 * PUBACK, the connection is closed; HTTP: 429/503), so memory stays bounded whatever devices do.
 *
 * <p>{@code send()} runs on a thread of its own: it blocks while the producer has no metadata
 * (Kafka unreachable at start), which must never stall a network event loop.
 *
 * <p>Dead letters carry the ingester's headers ({@link DeadLetterHeaders}); as they do not come
 * from a Kafka topic, the source topic names the transport and path ({@code mqtt:sensors/42},
 * {@code http:/v1/readings}) and the source partition and offset are {@code -1}.
 */
public final class KafkaForwarder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaForwarder.class);
  private static final byte[] NOT_FROM_KAFKA = utf8("-1");

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final String dlqTopic;
  private final int capacity;
  private final Semaphore room;
  private final ExecutorService sender;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean lastSendFailed;

  KafkaForwarder(Producer<byte[], byte[]> producer, KafkaSettings kafka, int capacity) {
    this.producer = producer;
    this.topic = kafka.topic();
    this.dlqTopic = kafka.dlqTopic();
    this.capacity = capacity;
    this.room = new Semaphore(capacity);
    this.sender =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "iot-gateway-kafka-send");
              thread.setDaemon(true);
              return thread;
            });
  }

  public static KafkaForwarder create(KafkaSettings kafka, int capacity) {
    return new KafkaForwarder(
        new KafkaProducer<>(
            producerConfig(kafka), new ByteArraySerializer(), new ByteArraySerializer()),
        kafka,
        capacity);
  }

  /** The producer settings, each with its reason. */
  static Map<String, Object> producerConfig(KafkaSettings kafka) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "iot-gateway");
    // A PUBACK or a 202 promises the reading is kept: it must be on every in-sync replica, and
    // the producer's own retries must not duplicate or reorder it.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // As the simulator: JSON readings compress about 4x, lz4 costs the least CPU.
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Devices wait for their acknowledgement: 5 ms of linger batches busy moments and adds little.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    // Far more than max-in-flight readings need, so send() never blocks for buffer space.
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    // Kafka down: fail a send within 15 s, so a device gets its answer (no PUBACK, a closed
    // connection, a 503) while it can still retry, and the room it held comes back.
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    // Without metadata (Kafka unreachable) send() blocks this long on the sender thread.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    return config;
  }

  /** Reserves room for {@code records} sends; false when the buffer is full. */
  public boolean tryReserve(int records) {
    return !closed.get() && room.tryAcquire(records);
  }

  /** Gives back room reserved and not used. */
  public void release(int records) {
    room.release(records);
  }

  /** Sends one reading (room reserved); the future completes when Kafka acknowledged it. */
  public CompletableFuture<Void> sendReading(int sensorId, byte[] value) {
    return send(new ProducerRecord<>(topic, utf8(Integer.toString(sensorId)), value));
  }

  /**
   * Sends one dead letter (room reserved): the device's bytes with the reason.
   *
   * @param key the sensor id the message claimed, or null
   * @param source transport and path, e.g. {@code mqtt:sensors/42}
   */
  public CompletableFuture<Void> sendDeadLetter(
      Integer key, byte[] value, String reason, String source) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.REASON, utf8(reason));
    headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(source));
    headers.add(DeadLetterHeaders.SOURCE_PARTITION, NOT_FROM_KAFKA);
    headers.add(DeadLetterHeaders.SOURCE_OFFSET, NOT_FROM_KAFKA);
    byte[] keyBytes = key == null ? null : utf8(Integer.toString(key));
    return send(new ProducerRecord<>(dlqTopic, null, null, keyBytes, value, headers));
  }

  private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    try {
      sender.execute(() -> sendNow(record, acked));
    } catch (RejectedExecutionException e) {
      room.release();
      acked.completeExceptionally(new IllegalStateException("gateway is closing"));
    }
    return acked;
  }

  private void sendNow(ProducerRecord<byte[], byte[]> record, CompletableFuture<Void> acked) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            room.release();
            if (error == null) {
              lastSendFailed = false;
              acked.complete(null);
            } else {
              lastSendFailed = true;
              acked.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      // No metadata within max.block.ms (Kafka unreachable), or the producer is closed.
      room.release();
      lastSendFailed = true;
      acked.completeExceptionally(e);
    }
  }

  /** True when the newest send outcome was a failure: Kafka is down, not merely busy. */
  public boolean unavailable() {
    return lastSendFailed;
  }

  public int inFlight() {
    return capacity - room.availablePermits();
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Waits up to {@code timeout} for topic metadata; false (and a warning) if Kafka is not there.
   */
  boolean warmUp(Duration timeout) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    sender.execute(
        () -> {
          try {
            producer.partitionsFor(topic);
            producer.partitionsFor(dlqTopic);
            ready.complete(null);
          } catch (RuntimeException e) {
            ready.completeExceptionally(e);
          }
        });
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      log.warn(
          "Kafka topics {} / {} not reachable yet ({}); devices get no acknowledgements until"
              + " they are",
          topic,
          dlqTopic,
          e.getCause() != null ? e.getCause().toString() : e.toString());
      return false;
    }
  }

  /** Waits up to 10 s for what is in flight, then drops the rest (devices resend it). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      sender.shutdown();
      try {
        sender.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close(Duration.ofSeconds(10));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
