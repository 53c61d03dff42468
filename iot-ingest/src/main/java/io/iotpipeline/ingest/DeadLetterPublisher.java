package io.iotpipeline.ingest;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.Topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends rejected records to the dead-letter topic: the value is the original bytes, the key the
 * original key, and the reason and source topic/partition/offset travel in headers ({@link
 * DeadLetterHeaders#REASON} ...). A send that fails for a passing reason (Kafka unavailable) is
 * retried with backoff until it succeeds or this publisher closes; the ingester commits a rejected
 * record's offset only after its dead letter is acknowledged.
 */
public final class DeadLetterPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final ScheduledExecutorService scheduler;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));
  private final AtomicBoolean closed = new AtomicBoolean();

  DeadLetterPublisher(
      Producer<byte[], byte[]> producer,
      String topic,
      ScheduledExecutorService scheduler,
      Duration backoff,
      Duration maxBackoff) {
    this.producer = producer;
    this.topic = topic;
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.maxBackoff = maxBackoff;
  }

  public static DeadLetterPublisher create(
      KafkaSettings kafka,
      String topic,
      String clientId,
      ScheduledExecutorService scheduler,
      IngestOptions options) {
    return new DeadLetterPublisher(
        new KafkaProducer<>(KafkaClientConfigs.deadLetterProducer(kafka, clientId)),
        topic,
        scheduler,
        options.retryBackoff(),
        options.maxRetryBackoff());
  }

  /**
   * @return a future completed when every dead letter is acknowledged by Kafka
   */
  public CompletableFuture<Void> publish(List<DeadLetter> deadLetters) {
    if (deadLetters.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<?>[] sends = new CompletableFuture<?>[deadLetters.size()];
    for (int i = 0; i < sends.length; i++) {
      CompletableFuture<Void> sent = new CompletableFuture<>();
      send(toRecord(deadLetters.get(i)), sent, 0);
      sends[i] = sent;
    }
    return CompletableFuture.allOf(sends);
  }

  ProducerRecord<byte[], byte[]> toRecord(DeadLetter deadLetter) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.REASON, utf8(deadLetter.reason()));
    headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(deadLetter.sourceTopic()));
    headers.add(
        DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(deadLetter.sourcePartition())));
    headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(deadLetter.sourceOffset())));
    return new ProducerRecord<>(topic, null, null, deadLetter.key(), deadLetter.value(), headers);
  }

  private void send(
      ProducerRecord<byte[], byte[]> record, CompletableFuture<Void> sent, int attempt) {
    if (closed.get()) {
      sent.completeExceptionally(new IllegalStateException("dead-letter publisher closed"));
      return;
    }
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              sent.complete(null);
            } else {
              retryOrFail(record, sent, attempt, error);
            }
          });
    } catch (RuntimeException e) {
      // send() itself throws when metadata cannot be fetched within max.block.ms (Kafka down).
      retryOrFail(record, sent, attempt, e);
    }
  }

  private void retryOrFail(
      ProducerRecord<byte[], byte[]> record,
      CompletableFuture<Void> sent,
      int attempt,
      Exception error) {
    // Kafka's TimeoutException (metadata or delivery timeout) is a RetriableException too.
    if (!(error instanceof RetriableException) || closed.get()) {
      sent.completeExceptionally(
          new FatalIngestException(
              "cannot write to dead-letter topic " + topic + ": " + error.getMessage(), error));
      return;
    }
    long delay = Backoff.delayMillis(backoff, maxBackoff, attempt);
    warnings.warn(
        "Dead-letter send to {} failed ({}); retrying in {} ms", topic, error.toString(), delay);
    try {
      scheduler.schedule(() -> send(record, sent, attempt + 1), delay, TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      sent.completeExceptionally(
          new IllegalStateException("dead-letter publisher closed", rejected));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}
