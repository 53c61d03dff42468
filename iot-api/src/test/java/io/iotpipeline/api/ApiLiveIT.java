package io.iotpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotpipeline.api.pipeline.PipelineMetricsSource;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Live stream, pipeline stats from Kafka offsets, and the API token, against the real stack. */
@WithStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiLiveIT {

  private static final String GROUP = "it-api-live-ingest";

  private KafkaSettings kafka;
  private ApiServer open;
  private ApiServer guarded;
  private KafkaProducer<byte[], byte[]> producer;
  private final ReadingCodec codec = new ReadingCodec();

  @BeforeAll
  void start(TestStack stack) {
    kafka = stack.kafka();
    new SeedData(stack.session()).latest(1, Instant.now(), 21);
    ApiConfig config =
        new ApiConfig(
            0,
            "",
            kafka,
            stack.cassandra(),
            GROUP,
            3000,
            Duration.ofMillis(200),
            Duration.ofMillis(300));
    open =
        ApiServer.create(
                config,
                "127.0.0.1",
                stack.session(),
                () -> Map.of("rows_per_second", 1234.5),
                Clock.systemUTC())
            .start();
    guarded =
        ApiServer.create(
                config.withToken("t0k3n"),
                "127.0.0.1",
                stack.session(),
                PipelineMetricsSource.NONE,
                Clock.systemUTC())
            .start();
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  void stop() {
    producer.close();
    open.close();
    guarded.close();
  }

  private void produceReading(int sensor, double temperature) {
    SensorReading reading = SensorReading.of(sensor, Instant.now(), temperature, 40);
    producer.send(
        new ProducerRecord<>(
            kafka.topic(),
            Integer.toString(sensor).getBytes(StandardCharsets.UTF_8),
            codec.encode(reading)));
    producer.flush();
  }

  @Test
  void theStreamSendsThinnedReadingsAndAlertsAsTheyArrive() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpJson http = new HttpJson(open.url());
    // Nobody watches yet: the feed does not read the topics.
    assertThat(http.get("/metrics").body()).contains("iot_api_stream_tailing 0\n");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(open.url() + "api/stream"))
            .header("Accept", "text/event-stream")
            .build();
    CompletableFuture<HttpResponse<Stream<String>>> response =
        http.client().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    CompletableFuture<Void> reader = response.thenAccept(r -> r.body().forEach(lines::add));
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: hello"));
    // Produced right after connecting, possibly before the feed has resumed: still delivered.

    for (int i = 0; i < 500; i++) {
      produceReading(7, 20 + i % 10);
    }
    producer.send(
        new ProducerRecord<>(
            kafka.alertsTopic(),
            ("{\"sensor_id\":7,\"ts\":\""
                    + Instant.now()
                    + "\",\"rule\":\"threshold\",\"value\":45.5,\"limit_value\":40.0,"
                    + "\"detail\":\"temperature above 40.0\"}")
                .getBytes(StandardCharsets.UTF_8)));
    producer.flush();

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(lines)
                  .anyMatch(
                      l ->
                          l.startsWith("data: ")
                              && l.contains("\"sensor_id\":7")
                              && l.contains("\"readings\""));
              assertThat(lines)
                  .anyMatch(
                      l ->
                          l.startsWith("data: ")
                              && l.contains("\"rule\":\"threshold\"")
                              && l.contains("\"limit_value\":40.0"));
            });
    // 500 readings of one sensor reach the browser as at most one reading per tick.
    long sevens =
        lines.stream()
            .filter(l -> l.startsWith("data: {\"at\""))
            .mapToLong(l -> l.split("\"sensor_id\":7").length - 1)
            .sum();
    assertThat(sevens).isBetween(1L, 60L);
    assertThat(http.get("/metrics").body()).contains("iot_api_stream_tailing 1\n");
    reader.cancel(true);
    response.cancel(true);
  }

  @Test
  void statsMeasureLagAndDeadLettersFromKafkaOffsets() throws Exception {
    for (int i = 0; i < 20; i++) {
      produceReading(1, 21);
    }
    commitEverythingProducedSoFar();
    for (int i = 0; i < 7; i++) {
      produceReading(1, 22);
    }
    producer.send(new ProducerRecord<>(kafka.dlqTopic(), "bad".getBytes(StandardCharsets.UTF_8)));
    producer.send(new ProducerRecord<>(kafka.dlqTopic(), "worse".getBytes(StandardCharsets.UTF_8)));
    producer.flush();
    HttpJson http = new HttpJson(open.url());

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              JsonNode stats = http.get("/api/stats").json();
              assertThat(stats.at("/kafka/reachable").asBoolean()).isTrue();
              assertThat(stats.at("/kafka/consumer_lag").asLong()).isEqualTo(7);
              assertThat(stats.at("/kafka/dead_letters").asLong()).isEqualTo(2);
              assertThat(stats.at("/cassandra/sensors").asInt()).isEqualTo(1);
              assertThat(stats.at("/ingest/rows_per_second").asDouble()).isEqualTo(1234.5);
            });
    assertThat(http.get("/metrics").body())
        .contains("iot_kafka_ingest_lag 7\n")
        .contains("iot_dead_letters 2\n")
        .contains("iot_ingest_rows_per_second 1234.50\n");
  }

  private void commitEverythingProducedSoFar() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(kafka.topic()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      consumer
          .endOffsets(partitions)
          .forEach((p, end) -> offsets.put(p, new OffsetAndMetadata(end)));
      consumer.commitSync(offsets);
    }
  }

  @Test
  void aTokenProtectsEverythingButHealth() {
    HttpJson http = new HttpJson(guarded.url());

    HttpJson.Response refused = http.get("/api/sensors");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("status").asInt()).isEqualTo(401);
    assertThat(http.get("/").status()).isEqualTo(401);
    assertThat(http.get("/metrics").status()).isEqualTo(401);
    assertThat(http.get("/api/sensors", "Authorization", "Bearer wrong").status()).isEqualTo(401);

    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(http.get("/api/sensors", "Authorization", "Bearer t0k3n").status()).isEqualTo(200);
    HttpJson.Response page = http.get("/?token=t0k3n");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Set-Cookie"))
        .get()
        .asString()
        .startsWith("iot_token=t0k3n;")
        .contains("HttpOnly");
    assertThat(http.get("/api/sensors", "Cookie", "iot_token=t0k3n").status()).isEqualTo(200);
  }
}
