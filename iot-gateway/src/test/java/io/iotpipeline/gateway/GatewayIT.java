package io.iotpipeline.gateway;

import static io.iotpipeline.gateway.GatewayItFixtures.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.model.Topics.DeadLetterHeaders;
import io.iotpipeline.simulator.HttpReadingSink;
import io.iotpipeline.simulator.MqttReadingSink;
import io.iotpipeline.simulator.SimulationStats;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The gateway in this JVM against the real stack, with a real MQTT client and the ingester. */
@WithStack
class GatewayIT {

  private static final ReadingCodec CODEC = new ReadingCodec();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(Gateway gateway, String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/v1/readings"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readingsPublishedAtQos1ByManyConnectionsMakeExactlyThatManyRows(TestStack stack)
      throws Exception {
    KafkaSettings kafka = GatewayItFixtures.freshTopics(stack, "many");
    int connections = 60;
    int perSensor = 50;
    List<SensorReading> readings = GatewayItFixtures.readings(20_000, connections, perSensor);

    try (Gateway gateway =
        Gateway.create(GatewayItFixtures.config(kafka, stack, true), Clock.systemUTC()).start()) {
      List<AutoCloseable> clients = new ArrayList<>();
      List<CompletableFuture<?>> acks = new ArrayList<>();
      try {
        for (int c = 0; c < connections; c++) {
          int sensor = 20_000 + c;
          List<SensorReading> own = readings.subList(c * perSensor, (c + 1) * perSensor);
          // Half MQTT 5, half 3.1.1: both protocol versions, one connection per sensor.
          if (c % 2 == 0) {
            Mqtt5AsyncClient client =
                MqttClient.builder()
                    .useMqttVersion5()
                    .identifier("many-" + c)
                    .serverHost("127.0.0.1")
                    .serverPort(gateway.mqttPort())
                    .buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            clients.add(() -> client.disconnect().get(5, TimeUnit.SECONDS));
            for (SensorReading reading : own) {
              acks.add(
                  client
                      .publishWith()
                      .topic("sensors/" + sensor)
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(CODEC.encode(reading))
                      .send()
                      .thenAccept(
                          result -> assertThat(result.getError()).as("PUBACK error").isEmpty()));
            }
          } else {
            Mqtt3AsyncClient client =
                MqttClient.builder()
                    .useMqttVersion3()
                    .identifier("many-" + c)
                    .serverHost("127.0.0.1")
                    .serverPort(gateway.mqttPort())
                    .buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            clients.add(() -> client.disconnect().get(5, TimeUnit.SECONDS));
            for (SensorReading reading : own) {
              acks.add(
                  client
                      .publishWith()
                      .topic("sensors/" + sensor)
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(CODEC.encode(reading))
                      .send());
            }
          }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(gateway.metrics().pubacks()).isEqualTo(readings.size());
        assertThat(gateway.metrics().connections()).isEqualTo(connections);
      } finally {
        for (AutoCloseable client : clients) {
          client.close();
        }
      }
    }

    GatewayItFixtures.ingest(kafka, stack, readings.size());
    assertThat(GatewayItFixtures.countRows(stack.session(), stack.cassandra().keyspace(), readings))
        .isEqualTo(readings.size());
  }

  @Test
  void invalidPayloadsAndMismatchedTopicsGoToTheDeadLetterTopicWithTheirReasons(TestStack stack)
      throws Exception {
    KafkaSettings kafka = GatewayItFixtures.freshTopics(stack, "dlq");
    byte[] notJson = "temperature=21".getBytes(StandardCharsets.UTF_8);
    byte[] tooHot =
        "{\"sensor_id\":31,\"timestamp\":1764590000,\"temperature\":400,\"humidity\":5}"
            .getBytes(StandardCharsets.UTF_8);

    try (Gateway gateway =
            Gateway.create(GatewayItFixtures.config(kafka, stack, true), Clock.systemUTC())
                .start();
        GatewayItFixtures.ResendingDevice device =
            new GatewayItFixtures.ResendingDevice("127.0.0.1", gateway.mqttPort())) {
      // Each is acknowledged (the device does not resend it forever) once its dead letter is in.
      device.publishAll("sensors/31", List.of(notJson, tooHot), Duration.ofSeconds(30));
      device.publishAll(
          "sensors/32",
          List.of(CODEC.encode(GatewayFixtures.reading(33, 1))),
          Duration.ofSeconds(30));
      device.publishAll(
          "sensors/abc",
          List.of(CODEC.encode(GatewayFixtures.reading(34, 1))),
          Duration.ofSeconds(30));
      HttpResponse<String> mixed =
          post(
              gateway,
              "["
                  + new String(CODEC.encode(GatewayFixtures.reading(35, 1)), StandardCharsets.UTF_8)
                  + ",{\"sensor_id\":35,\"timestamp\":1764590000,\"temperature\":20}]",
              null);
      assertThat(mixed.statusCode()).isEqualTo(400);
      assertThat(mixed.body())
          .isEqualTo(
              "{\"accepted\":1,\"rejected\":1,\"errors\":[{\"index\":1,"
                  + "\"error\":\"missing field: humidity\"}]}");
      assertThat(device.resends).isZero();
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters =
        GatewayItFixtures.readTopic(kafka.bootstrap(), kafka.dlqTopic(), 5);
    Map<String, String> reasons = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
      reasons.put(
          header(record, DeadLetterHeaders.SOURCE_TOPIC)
              + " "
              + new String(record.value(), StandardCharsets.UTF_8),
          header(record, DeadLetterHeaders.REASON));
      assertThat(header(record, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("-1");
      assertThat(header(record, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("-1");
    }
    assertThat(deadLetters).hasSize(5);
    assertThat(reasons)
        .containsKey("mqtt:sensors/31 temperature=21")
        .containsEntry(
            "mqtt:sensors/31 " + new String(tooHot, StandardCharsets.UTF_8),
            "temperature out of range [-80.0, 150.0]: 400.0")
        .containsEntry(
            "mqtt:sensors/32 "
                + new String(CODEC.encode(GatewayFixtures.reading(33, 1)), StandardCharsets.UTF_8),
            "sensor_id 33 does not match the topic's sensor 32")
        .containsEntry(
            "mqtt:sensors/abc "
                + new String(CODEC.encode(GatewayFixtures.reading(34, 1)), StandardCharsets.UTF_8),
            "topic 'sensors/abc' is not sensors/{sensor_id}")
        .containsEntry(
            "http:/v1/readings {\"sensor_id\":35,\"timestamp\":1764590000,\"temperature\":20}",
            "missing field: humidity");
    assertThat(reasons.get("mqtt:sensors/31 temperature=21")).startsWith("malformed JSON");
    List<ConsumerRecord<byte[], byte[]>> forwarded =
        GatewayItFixtures.readTopic(kafka.bootstrap(), kafka.topic(), 1);
    assertThat(forwarded).hasSize(1);
    assertThat(new String(forwarded.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("35");
  }

  @Test
  void unknownDevicesAreRefusedAndARevokedDeviceIsCutOffWithinTheCachePeriod(TestStack stack)
      throws Exception {
    KafkaSettings kafka = GatewayItFixtures.freshTopics(stack, "auth");
    DeviceRegistry registry =
        new DeviceRegistry(
            stack.session(),
            stack.cassandra().keyspace(),
            new DeviceCredentials(new SecureRandom()),
            Clock.systemUTC());
    int deviceId = 40_000 + (int) (Math.random() * 10_000);
    DeviceRegistry.Added added = registry.add(deviceId);
    assertThat(registry.list())
        .anySatisfy(d -> assertThat(d.deviceId()).isEqualTo(deviceId))
        .allSatisfy(d -> assertThat(d.toString()).doesNotContain(added.secret()));
    assertThatThrownBy(() -> registry.add(deviceId))
        .hasMessage("device " + deviceId + " exists already");
    String topic = "sensors/" + deviceId;
    byte[] reading = CODEC.encode(GatewayFixtures.reading(deviceId, 1));

    try (Gateway gateway =
        Gateway.create(GatewayItFixtures.config(kafka, stack, false), Clock.systemUTC()).start()) {
      // Unknown device, wrong secret, no credentials: refused at CONNECT.
      assertThat(connectRefusal(gateway, Integer.toString(deviceId + 1), added.secret()))
          .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
      assertThat(connectRefusal(gateway, Integer.toString(deviceId), "wrong"))
          .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
      assertThat(connectRefusal(gateway, null, null))
          .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
      assertThat(post(gateway, new String(reading, StandardCharsets.UTF_8), null).statusCode())
          .isEqualTo(401);
      assertThat(
              post(gateway, new String(reading, StandardCharsets.UTF_8), (deviceId + 1) + ".x")
                  .statusCode())
          .isEqualTo(401);

      // The device itself: MQTT and HTTP accepted.
      Mqtt5BlockingClient client = client(gateway);
      client
          .connectWith()
          .simpleAuth()
          .username(Integer.toString(deviceId))
          .password(added.secret().getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth()
          .send();
      client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(reading).send();
      String token = deviceId + "." + added.secret();
      assertThat(post(gateway, new String(reading, StandardCharsets.UTF_8), token).statusCode())
          .isEqualTo(202);
      // ... but only for its own sensor.
      HttpResponse<String> foreign =
          post(
              gateway,
              new String(
                  CODEC.encode(GatewayFixtures.reading(deviceId + 1, 1)), StandardCharsets.UTF_8),
              token);
      assertThat(foreign.statusCode()).isEqualTo(400);
      assertThat(foreign.body()).contains("may not send readings of sensor " + (deviceId + 1));

      assertThat(registry.revoke(deviceId)).isTrue();
      assertThat(registry.revoke(deviceId + 1)).as("no such device").isFalse();

      // Cut off within the cache period (1 s here) plus a sweep (at least every second).
      await().atMost(Duration.ofSeconds(10)).until(() -> !client.getState().isConnected());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  post(gateway, new String(reading, StandardCharsets.UTF_8), token).statusCode()
                      == 401);
      assertThat(connectRefusal(gateway, Integer.toString(deviceId), added.secret()))
          .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
      assertThat(registry.list())
          .filteredOn(d -> d.deviceId() == deviceId)
          .singleElement()
          .satisfies(d -> assertThat(d.revoked()).isTrue());
      assertThat(gateway.metrics().authRefused()).isGreaterThanOrEqualTo(6);
    }
  }

  @Test
  void theSimulatorsMqttAndHttpTransportsDeliverEveryReadingThroughTheGateway(TestStack stack)
      throws Exception {
    KafkaSettings kafka = GatewayItFixtures.freshTopics(stack, "sim");
    List<SensorReading> viaMqtt = GatewayItFixtures.readings(70_000, 30, 10);
    List<SensorReading> viaHttp = GatewayItFixtures.readings(71_000, 30, 10);
    SimulationStats stats = new SimulationStats();

    try (Gateway gateway =
        Gateway.create(GatewayItFixtures.config(kafka, stack, true), Clock.systemUTC()).start()) {
      try (MqttReadingSink mqtt =
          new MqttReadingSink("127.0.0.1", gateway.mqttPort(), null, null, 100, stats)) {
        for (SensorReading reading : viaMqtt) {
          mqtt.send(reading, CODEC.encode(reading));
        }
        mqtt.flush();
        assertThat(mqtt.connections()).isEqualTo(30);
      }
      try (HttpReadingSink sink =
          new HttpReadingSink("http://127.0.0.1:" + gateway.httpPort(), null, 64, 2, stats)) {
        for (SensorReading reading : viaHttp) {
          sink.send(reading, CODEC.encode(reading));
        }
        sink.flush();
      }
    }

    assertThat(stats.snapshot().acked()).isEqualTo(viaMqtt.size() + viaHttp.size());
    assertThat(stats.snapshot().errors()).isZero();
    assertThat(GatewayItFixtures.readTopic(kafka.bootstrap(), kafka.topic(), 600)).hasSize(600);
  }

  private static Mqtt5BlockingClient client(Gateway gateway) {
    return MqttClient.builder()
        .useMqttVersion5()
        .identifier("auth-" + UUID.randomUUID())
        .serverHost("127.0.0.1")
        .serverPort(gateway.mqttPort())
        .buildBlocking();
  }

  private static Mqtt5ConnAckReasonCode connectRefusal(
      Gateway gateway, String username, String password) {
    Mqtt5BlockingClient client = client(gateway);
    try {
      if (username == null) {
        client.connect();
      } else {
        client
            .connectWith()
            .simpleAuth()
            .username(username)
            .password(password.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .send();
      }
      client.disconnect();
      return Mqtt5ConnAckReasonCode.SUCCESS;
    } catch (Mqtt5ConnAckException refused) {
      return refused.getMqttMessage().getReasonCode();
    }
  }
}
