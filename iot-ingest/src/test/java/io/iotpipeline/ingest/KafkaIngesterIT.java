package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.model.Topics.DeadLetterHeaders;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The ingester in this JVM against the real stack; each test has its own topic and sensors. */
@WithStack
class KafkaIngesterIT {

  private static KafkaIngester run(TestStack stack, KafkaSettings kafka, IngestOptions options)
      throws InterruptedException {
    KafkaIngester ingester =
        KafkaIngester.create(
                options, kafka, stack.cassandra(), Clock.systemUTC(), KafkaIngester.logReporter())
            .start();
    assertThat(ingester.awaitTermination(Duration.ofSeconds(120))).as("ingester finished").isTrue();
    ingester.close();
    assertThat(ingester.failure()).isEmpty();
    return ingester;
  }

  @Test
  void storesExactlyNRowsWithIntactEventTimesAndCommitsTheirOffsets(TestStack stack)
      throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, "exact", 3);
    List<SensorReading> readings = IngestFixtures.readings(1000, 20, 1500, Duration.ofMillis(500));
    IngestFixtures.produce(kafka, readings);
    String group = IngestFixtures.group();

    KafkaIngester ingester =
        run(
            stack,
            kafka,
            IngestFixtures.options(group).withStop(Duration.ofSeconds(20), readings.size()));

    String keyspace = stack.cassandra().keyspace();
    assertThat(ingester.metrics().records()).isEqualTo(readings.size());
    assertThat(IngestFixtures.countRows(stack.session(), keyspace, readings))
        .isEqualTo(readings.size());
    assertThat(IngestFixtures.committedTotal(kafka, group)).isEqualTo(readings.size());
    // One whole partition read back: every event time and value as produced.
    SensorReading first = readings.get(0);
    Map<Long, SensorReading> expected = new TreeMap<>();
    readings.stream()
        .filter(r -> r.sensorId() == first.sensorId() && r.day().equals(first.day()))
        .forEach(r -> expected.put(r.timestamp().toEpochMilli(), r));
    List<Row> rows =
        stack
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT * FROM " + keyspace + ".sensor_data WHERE sensor_id = ? AND day = ?",
                    first.sensorId(),
                    first.day()))
            .all();
    assertThat(rows).hasSize(expected.size());
    for (Row row : rows) {
      SensorReading reading = expected.get(row.getInstant("timestamp").toEpochMilli());
      assertThat(reading).as("row at %s", row.getInstant("timestamp")).isNotNull();
      assertThat(row.getFloat("temperature")).isEqualTo((float) reading.temperature());
      assertThat(row.getLong("seq")).isEqualTo(reading.sequence());
    }
    SensorReading newest =
        readings.stream()
            .filter(r -> r.sensorId() == first.sensorId())
            .reduce((a, b) -> b.timestamp().isAfter(a.timestamp()) ? b : a)
            .orElseThrow();
    assertThat(
            stack
                .session()
                .execute(
                    SimpleStatement.newInstance(
                        "SELECT timestamp FROM " + keyspace + ".sensor_latest WHERE sensor_id = ?",
                        first.sensorId()))
                .one()
                .getInstant(0))
        .isEqualTo(newest.timestamp());
  }

  @Test
  void duplicatesInTheInputStillMakeOneRowPerReading(TestStack stack) throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, "dups", 3);
    List<SensorReading> readings = IngestFixtures.readings(2000, 10, 500, Duration.ofSeconds(1));
    List<SensorReading> twice = new ArrayList<>(readings);
    twice.addAll(readings.subList(0, 3000)); // replayed later, as a retrying producer would
    twice.addAll(readings);
    IngestFixtures.produce(kafka, twice);

    KafkaIngester ingester =
        run(
            stack,
            kafka,
            IngestFixtures.options(IngestFixtures.group())
                .withStop(Duration.ofSeconds(20), twice.size()));

    assertThat(ingester.metrics().rows()).isEqualTo(twice.size());
    assertThat(IngestFixtures.countRows(stack.session(), stack.cassandra().keyspace(), readings))
        .isEqualTo(readings.size());
  }

  @Test
  void resumesFromTheCommittedOffsetsAfterAStop(TestStack stack) throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, "resume", 2);
    List<SensorReading> readings = IngestFixtures.readings(3000, 4, 1000, Duration.ofSeconds(1));
    IngestFixtures.produce(kafka, readings);
    String group = IngestFixtures.group();

    KafkaIngester firstRun =
        run(stack, kafka, IngestFixtures.options(group).withStop(Duration.ZERO, 1234));
    KafkaIngester secondRun =
        run(stack, kafka, IngestFixtures.options(group).withStop(Duration.ofSeconds(5), 0));

    assertThat(firstRun.metrics().records()).isEqualTo(1234);
    assertThat(secondRun.metrics().records()).isEqualTo(readings.size() - 1234);
    assertThat(IngestFixtures.countRows(stack.session(), stack.cassandra().keyspace(), readings))
        .isEqualTo(readings.size());
  }

  @Test
  void sendsMalformedRecordsToTheDeadLetterTopicAndStoresTheValidOnes(TestStack stack)
      throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, "bad", 2);
    List<SensorReading> valid = IngestFixtures.readings(4000, 3, 100, Duration.ofSeconds(1));
    Map<String, String> badToReason =
        Map.of(
            "{\"sensor_id\": 1, \"timestamp\": ",
            "malformed JSON",
            "{\"sensor_id\": 1, \"temperature\": 20.0, \"humidity\": 50.0}",
            "missing field: timestamp",
            "{\"sensor_id\": 1, \"timestamp\": 1732780000, \"temperature\": 500, \"humidity\": 50}",
            "temperature out of range",
            "{\"sensor_id\": 1, \"timestamp\": 1732780000, \"temperature\": 20, \"humidity\": 50, "
                + "\"type\": \"co2\"}",
            "unknown sensor type: co2",
            "[1, 2, 3]",
            "not a JSON object",
            "{\"sensor_id\": -5, \"timestamp\": 1732780000, \"temperature\": 20, \"humidity\": 50}",
            "sensor_id must be >= 0");
    try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(kafka.bootstrap())) {
      int i = 0;
      for (SensorReading reading : valid) {
        producer.send(IngestFixtures.record(kafka.topic(), reading));
        if (i++ % 50 == 0) {
          for (String bad : badToReason.keySet()) {
            producer.send(
                new ProducerRecord<>(kafka.topic(), bad.getBytes(StandardCharsets.UTF_8)));
          }
        }
      }
    }
    int badCount = 6 * badToReason.size();
    long total = valid.size() + badCount;

    KafkaIngester ingester =
        run(
            stack,
            kafka,
            IngestFixtures.options(IngestFixtures.group()).withStop(Duration.ofSeconds(20), total));

    assertThat(IngestFixtures.countRows(stack.session(), stack.cassandra().keyspace(), valid))
        .isEqualTo(valid.size());
    assertThat(ingester.metrics().deadLetters()).isEqualTo(badCount);
    List<ConsumerRecord<byte[], byte[]>> parked =
        readAll(kafka.bootstrap(), kafka.dlqTopic(), badCount);
    assertThat(parked).hasSize(badCount);
    for (ConsumerRecord<byte[], byte[]> record : parked) {
      String original = new String(record.value(), StandardCharsets.UTF_8);
      assertThat(badToReason).containsKey(original);
      assertThat(header(record, DeadLetterHeaders.REASON)).contains(badToReason.get(original));
      assertThat(header(record, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(kafka.topic());
      assertThat(Integer.parseInt(header(record, DeadLetterHeaders.SOURCE_PARTITION)))
          .isBetween(0, 1);
      assertThat(Long.parseLong(header(record, DeadLetterHeaders.SOURCE_OFFSET))).isNotNegative();
    }
    assertThat(
            parked.stream()
                .map(
                    r ->
                        header(r, DeadLetterHeaders.SOURCE_PARTITION)
                            + "@"
                            + header(r, DeadLetterHeaders.SOURCE_OFFSET))
                .distinct())
        .hasSize(badCount);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int atLeast) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < atLeast && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      // Anything beyond what we expect would be a duplicate: give it a moment to show up.
      consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
    }
    return records;
  }
}
