package io.iotpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.testkit.TcpProxy;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kafka unreachable, then back. The shared broker serves every other test, so it is not stopped:
 * the gateway reaches it through a relay that closes every connection while "down" (what a client
 * sees of a dead broker or a cut link), and relays again for the recovery. Kafka's advertised
 * address is the broker's own, so once the relay is restored the producer bootstraps through it and
 * then talks to the broker directly.
 */
@WithStack
class GatewayKafkaOutageIT {

  private static final ReadingCodec CODEC = new ReadingCodec();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(Gateway gateway, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/v1/readings"))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withKafkaUnreachableNothingIsAcknowledgedAndBothTransportsRecover(TestStack stack)
      throws Exception {
    KafkaSettings kafka = GatewayItFixtures.freshTopics(stack, "outage");
    String[] broker = stack.kafka().bootstrap().split(",")[0].split(":");
    byte[] viaMqtt = CODEC.encode(GatewayFixtures.reading(50_001, 1));
    String viaHttp =
        new String(CODEC.encode(GatewayFixtures.reading(50_002, 1)), StandardCharsets.UTF_8);

    try (TcpProxy relay =
        new TcpProxy(new InetSocketAddress(broker[0], Integer.parseInt(broker[1])), true)) {
      KafkaSettings throughRelay = kafka.withBootstrap("127.0.0.1:" + relay.port());
      try (Gateway gateway =
          Gateway.create(GatewayItFixtures.config(throughRelay, stack, true), Clock.systemUTC())
              .start()) {
        Mqtt5AsyncClient client =
            MqttClient.builder()
                .useMqttVersion5()
                .identifier("outage-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(gateway.mqttPort())
                .buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<Mqtt5PublishResult> published =
            client
                .publishWith()
                .topic("sensors/50001")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(viaMqtt)
                .send();

        // Down: the QoS 1 publish is never acknowledged (the gateway gives up and disconnects,
        // so the device knows to resend), and HTTP is told to come back later.
        await()
            .during(Duration.ofSeconds(8))
            .atMost(Duration.ofSeconds(20))
            .until(() -> !published.isDone() || published.isCompletedExceptionally());
        HttpResponse<String> refused = post(gateway, viaHttp);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(gateway.metrics().pubacks()).isZero();
        assertThat(gateway.metrics().mqtt().forwarded()).isZero();
        if (client.getState().isConnected()) {
          client.disconnect();
        }

        relay.restore();

        // Back: the device's resend is acknowledged, and so is the HTTP retry.
        try (GatewayItFixtures.ResendingDevice device =
            new GatewayItFixtures.ResendingDevice("127.0.0.1", gateway.mqttPort())) {
          device.publishAll("sensors/50001", List.of(viaMqtt), Duration.ofSeconds(90));
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> post(gateway, viaHttp).statusCode() == 202);
        assertThat(gateway.metrics().pubacks()).isGreaterThanOrEqualTo(1);
      }
    }

    Set<String> keys =
        GatewayItFixtures.readTopic(stack.kafka().bootstrap(), kafka.topic(), 2).stream()
            .map(record -> new String(record.key(), StandardCharsets.UTF_8))
            .collect(Collectors.toSet());
    assertThat(keys).contains("50001", "50002");
  }
}
