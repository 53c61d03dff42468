package io.iotpipeline.gateway;

import static io.iotpipeline.gateway.GatewayFixtures.header;
import static io.iotpipeline.gateway.GatewayFixtures.json;
import static io.iotpipeline.gateway.GatewayFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.iotpipeline.model.Topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MQTT side against a real MQTT client, with Kafka replaced by a producer the test acks. */
class GatewayMqttTest {

  private final RecordingProducer kafka = new RecordingProducer();
  private Gateway gateway;
  private Mqtt5AsyncClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.disconnect();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  private Mqtt5AsyncClient connectV5(int capacity) throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, capacity);
    client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("test-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(gateway.mqttPort())
            .buildAsync();
    client.connect().get(10, TimeUnit.SECONDS);
    return client;
  }

  private CompletableFuture<Mqtt5PublishResult> publish(String topic, byte[] payload) {
    return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
  }

  private void awaitSent(int records) {
    await().atMost(Duration.ofSeconds(5)).until(() -> kafka.sent().size() >= records);
  }

  @Test
  void theQos1PubackWaitsForKafkasAcknowledgement() throws Exception {
    connectV5(100);

    CompletableFuture<Mqtt5PublishResult> published = publish("sensors/7", json(7, 1));
    awaitSent(1);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !published.isDone());
    kafka.ack(0);

    Mqtt5PublishResult result = published.get(5, TimeUnit.SECONDS);
    assertThat(result.getError()).isEmpty();
    ProducerRecord<byte[], byte[]> sent = kafka.sent().get(0);
    assertThat(sent.topic()).isEqualTo("iotdata");
    assertThat(text(sent.key())).isEqualTo("7");
    assertThat(text(sent.value())).isEqualTo(text(json(7, 1)));
    assertThat(gateway.metrics().pubacks()).isEqualTo(1);
    assertThat(gateway.metrics().mqtt().forwarded()).isEqualTo(1);
  }

  @Test
  void pubacksKeepThePublishOrderWhenKafkaAcknowledgesOutOfOrder() throws Exception {
    connectV5(100);
    CompletableFuture<Mqtt5PublishResult> first = publish("sensors/1", json(1, 1));
    CompletableFuture<Mqtt5PublishResult> second = publish("sensors/2", json(2, 1));
    awaitSent(2);

    // The second record acknowledged first (another partition): its PUBACK must wait.
    kafka.ack(1);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !second.isDone() && !first.isDone());
    kafka.ack(0);

    assertThat(first.get(5, TimeUnit.SECONDS).getError()).isEmpty();
    assertThat(second.get(5, TimeUnit.SECONDS).getError()).isEmpty();
  }

  @Test
  void anInvalidReadingGoesToTheDeadLetterTopicWithItsReasonAndIsAcknowledged() throws Exception {
    connectV5(100);
    byte[] garbage = "{\"sensor_id\":5,\"temperature\":\"warm\"}".getBytes(StandardCharsets.UTF_8);

    CompletableFuture<Mqtt5PublishResult> bad = publish("sensors/5", garbage);
    CompletableFuture<Mqtt5PublishResult> mismatched = publish("sensors/5", json(6, 1));
    awaitSent(2);
    kafka.ack(0);
    kafka.ack(1);

    assertThat(bad.get(5, TimeUnit.SECONDS).getError()).isEmpty();
    assertThat(mismatched.get(5, TimeUnit.SECONDS).getError()).isEmpty();
    ProducerRecord<byte[], byte[]> dead = kafka.sent().get(0);
    assertThat(dead.topic()).isEqualTo("iotdata-dlq");
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(text(dead.key())).isEqualTo("5");
    assertThat(header(dead, DeadLetterHeaders.REASON))
        .isEqualTo("temperature must be a number, got warm");
    assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("mqtt:sensors/5");
    assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("-1");
    assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("-1");
    assertThat(header(kafka.sent().get(1), DeadLetterHeaders.REASON))
        .isEqualTo("sensor_id 6 does not match the topic's sensor 5");
    assertThat(gateway.metrics().mqtt().rejected()).isEqualTo(2);
  }

  @Test
  void aFullBufferHoldsPublishesUnacknowledgedUntilThereIsRoom() throws Exception {
    connectV5(1);
    CompletableFuture<Mqtt5PublishResult> first = publish("sensors/1", json(1, 1));
    CompletableFuture<Mqtt5PublishResult> second = publish("sensors/1", json(1, 2));
    awaitSent(1);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> kafka.sent().size() == 1 && !second.isDone());

    kafka.ack(0);
    assertThat(first.get(5, TimeUnit.SECONDS).getError()).isEmpty();
    awaitSent(2);
    kafka.ack(1);

    assertThat(second.get(5, TimeUnit.SECONDS).getError()).isEmpty();
    assertThat(kafka.sent()).hasSize(2);
  }

  @Test
  void aKafkaFailureClosesTheConnectionWithoutPuback() throws Exception {
    connectV5(100);
    CompletableFuture<Mqtt5PublishResult> published = publish("sensors/1", json(1, 1));
    awaitSent(1);

    kafka.fail(0, new TimeoutException("Expiring 1 record(s)"));

    await().atMost(Duration.ofSeconds(5)).until(() -> !client.getState().isConnected());
    assertThat(published)
        .satisfiesAnyOf(
            future -> assertThat(future).isCompletedExceptionally(),
            future -> assertThat(future).isNotDone());
    assertThat(gateway.metrics().pubacks()).isZero();
  }

  @Test
  void mqtt311ClientsPublishAndTheirSubscriptionsAreRefused() throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, 100);
    Mqtt3AsyncClient v3 =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("v3-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(gateway.mqttPort())
            .buildAsync();
    v3.connect().get(10, TimeUnit.SECONDS);
    try {
      assertThatThrownBy(
              () -> v3.subscribeWith().topicFilter("sensors/#").send().get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              Mqtt3SubAckException.class,
              refused ->
                  assertThat(refused.getMqttMessage().getReturnCodes())
                      .containsExactly(Mqtt3SubAckReturnCode.FAILURE));

      var published =
          v3.publishWith().topic("sensors/3").qos(MqttQos.AT_LEAST_ONCE).payload(json(3, 1)).send();
      awaitSent(1);
      assertThat(published).isNotDone();
      kafka.ack(0);
      published.get(5, TimeUnit.SECONDS);

      v3.publishWith().topic("sensors/3").qos(MqttQos.AT_MOST_ONCE).payload(json(3, 2)).send();
      awaitSent(2);
      assertThat(text(kafka.sent().get(1).value())).isEqualTo(text(json(3, 2)));
    } finally {
      v3.disconnect();
    }
  }
}
