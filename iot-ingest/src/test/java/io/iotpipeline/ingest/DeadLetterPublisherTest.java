package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.Topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Unit test with Kafka's in-memory producer; the real topic is covered by KafkaIngesterIT. */
class DeadLetterPublisherTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void keepsTheOriginalBytesAndPutsReasonAndSourceInHeaders() {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    DeadLetterPublisher publisher =
        new DeadLetterPublisher(
            producer, "dlq", scheduler, Duration.ofMillis(1), Duration.ofMillis(5));
    byte[] original = {'{', 'x', (byte) 0xff};

    publisher
        .publish(List.of(new DeadLetter(null, original, "malformed JSON", "iotdata", 3, 77)))
        .join();

    ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("dlq");
    assertThat(sent.value()).isEqualTo(original);
    assertThat(header(sent, DeadLetterHeaders.REASON)).isEqualTo("malformed JSON");
    assertThat(header(sent, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("iotdata");
    assertThat(header(sent, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
    assertThat(header(sent, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("77");
  }

  @Test
  void retriesASendThatFailedForAPassingReason() {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    DeadLetterPublisher publisher =
        new DeadLetterPublisher(
            producer, "dlq", scheduler, Duration.ofMillis(1), Duration.ofMillis(5));

    var done = publisher.publish(List.of(new DeadLetter(null, new byte[] {1}, "r", "t", 0, 0)));
    producer.errorNext(new NetworkException("broker gone"));
    org.awaitility.Awaitility.await().until(() -> producer.history().size() == 2);
    producer.completeNext();

    assertThat(done).succeedsWithin(Duration.ofSeconds(5));
  }
}
