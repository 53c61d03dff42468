package io.iotpipeline.gateway;

import static io.iotpipeline.gateway.GatewayFixtures.header;
import static io.iotpipeline.gateway.GatewayFixtures.json;
import static io.iotpipeline.gateway.GatewayFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.model.Topics.DeadLetterHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side on a free port, with Kafka replaced by a producer the test acks. */
class GatewayHttpTest {

  private final RecordingProducer kafka = new RecordingProducer();
  private final HttpClient http = HttpClient.newHttpClient();
  private Gateway gateway;

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private CompletableFuture<HttpResponse<String>> post(String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.httpPort() + "/v1/readings"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitSent(int records) {
    await().atMost(Duration.ofSeconds(5)).until(() -> kafka.sent().size() >= records);
  }

  @Test
  void oneReadingIsAcceptedOnlyAfterKafkaAcknowledgedIt() throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, 100);

    CompletableFuture<HttpResponse<String>> response = post(text(json(4, 1)));
    awaitSent(1);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !response.isDone());
    kafka.ack(0);

    assertThat(response.get().statusCode()).isEqualTo(202);
    assertThat(response.get().body()).isEqualTo("{\"accepted\":1,\"rejected\":0}");
    assertThat(text(kafka.sent().get(0).key())).isEqualTo("4");
  }

  @Test
  void aMixedArrayForwardsTheValidOnesAndDeadLettersTheRestWithPerItemErrors() throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, 100);

    CompletableFuture<HttpResponse<String>> response =
        post("[" + text(json(1, 1)) + ", {\"sensor_id\": 2}, " + text(json(3, 1)) + "]");
    awaitSent(3);
    kafka.ack(0);
    kafka.ack(1);
    kafka.ack(2);

    assertThat(response.get().statusCode()).isEqualTo(400);
    assertThat(response.get().body())
        .isEqualTo(
            "{\"accepted\":2,\"rejected\":1,"
                + "\"errors\":[{\"index\":1,\"error\":\"missing field: timestamp\"}]}");
    assertThat(kafka.sent())
        .extracting(r -> r.topic())
        .containsExactly("iotdata", "iotdata-dlq", "iotdata");
    assertThat(text(kafka.sent().get(1).value())).isEqualTo("{\"sensor_id\": 2}");
    assertThat(header(kafka.sent().get(1), DeadLetterHeaders.REASON))
        .isEqualTo("missing field: timestamp");
    assertThat(header(kafka.sent().get(1), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo("http:/v1/readings");
  }

  @Test
  void ndjsonIsOneReadingPerLine() throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, 100);

    CompletableFuture<HttpResponse<String>> response =
        post(text(json(1, 1)) + "\n" + text(json(1, 2)) + "\n" + text(json(2, 1)) + "\n");
    awaitSent(3);
    for (int i = 0; i < 3; i++) {
      kafka.ack(i);
    }

    assertThat(response.get().statusCode()).isEqualTo(202);
    assertThat(response.get().body()).isEqualTo("{\"accepted\":3,\"rejected\":0}");
  }

  @Test
  void aFullBufferAnswers429AndKafkaDown503BothWithRetryAfter() throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, 2);

    CompletableFuture<HttpResponse<String>> first =
        post(text(json(1, 1)) + "\n" + text(json(1, 2)));
    awaitSent(2);
    HttpResponse<String> busy = post(text(json(1, 3))).get();
    assertThat(busy.statusCode()).isEqualTo(429);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");

    kafka.ack(0);
    kafka.fail(1, new TimeoutException("Expiring 1 record(s)"));
    HttpResponse<String> failed = first.get();
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("5");

    // The newest send failed: a request that finds no room is told Kafka is down.
    CompletableFuture<HttpResponse<String>> pending =
        post(text(json(1, 4)) + "\n" + text(json(1, 5)));
    awaitSent(4);
    HttpResponse<String> down = post(text(json(1, 6))).get();
    assertThat(down.statusCode()).isEqualTo(503);
    kafka.ack(2);
    kafka.ack(3);
    assertThat(pending.get().statusCode()).isEqualTo(202);
  }

  @Test
  void aBrokenArrayIsOneDeadLetterWithTheParsersReason() throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, 100);

    CompletableFuture<HttpResponse<String>> response = post("[" + text(json(1, 1)) + ", {");
    awaitSent(1);
    kafka.ack(0);

    assertThat(response.get().statusCode()).isEqualTo(400);
    assertThat(response.get().body())
        .contains("\"accepted\":0,\"rejected\":1")
        .contains("malformed JSON array");
    assertThat(kafka.sent().get(0).topic()).isEqualTo("iotdata-dlq");
    assertThat(header(kafka.sent().get(0), DeadLetterHeaders.REASON))
        .startsWith("malformed JSON array");
  }

  @Test
  void metricsAreInPrometheusText() throws Exception {
    gateway = GatewayFixtures.openGateway(kafka, 100);
    CompletableFuture<HttpResponse<String>> response = post(text(json(1, 1)));
    awaitSent(1);
    kafka.ack(0);
    response.get();

    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.httpPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("iot_gateway_readings_forwarded_total{transport=\"http\"} 1\n")
        .contains("iot_gateway_connections 0\n")
        .contains("iot_gateway_buffer_in_flight 0\n")
        .contains("iot_gateway_buffer_capacity 100\n");
  }
}
