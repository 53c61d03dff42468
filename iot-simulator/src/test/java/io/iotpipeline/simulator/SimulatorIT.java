package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The simulator against the real local broker, read back by a plain consumer. */
@WithStack
class SimulatorIT {

  private static final Instant START = Instant.parse("2026-11-20T06:00:00Z");
  private final ReadingCodec codec = new ReadingCodec();

  @Test
  void everyReadingSentIsReadBackExactlyOnce(TestStack stack, TestInfo test) {
    KafkaSettings kafka = topicsFor(stack, test);
    SimulationOptions options =
        SimulationOptions.of(200, START, 20_000, 1)
            .withFaults(FaultRates.DEFAULT, DeliveryFaultRates.NONE);

    Run run = simulate(kafka, options);
    List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, kafka.topic(), 20_000);

    assertThat(run.summary.readings()).isEqualTo(20_000);
    assertThat(run.summary.acked()).isEqualTo(20_000);
    assertThat(run.summary.errors()).isZero();
    assertThat(records).hasSize(20_000);
    List<SensorReading> read = records.stream().map(r -> codec.decode(r.value())).toList();
    assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(run.sent.readings())).hasSize(20_000);
    assertThat(records)
        .allSatisfy(
            record ->
                assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(codec.decode(record.value()).sensorId())));
    // Keyed by sensor: every sensor lives in exactly one partition, in seq order.
    Map<Integer, Set<Integer>> partitionsBySensor =
        records.stream()
            .collect(
                Collectors.groupingBy(
                    r -> codec.decode(r.value()).sensorId(),
                    Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
    assertThat(partitionsBySensor.values()).allSatisfy(p -> assertThat(p).hasSize(1));
  }

  @Test
  void duplicatesAddRawMessagesButNoDistinctReadings(TestStack stack, TestInfo test) {
    KafkaSettings kafka = topicsFor(stack, test);
    SimulationOptions options =
        SimulationOptions.of(200, START, 20_000, 2)
            .withFaults(
                FaultRates.DEFAULT, new DeliveryFaultRates(0.05, 0.01, Duration.ofSeconds(30)));

    Run run = simulate(kafka, options);
    long raw = 20_000 + run.summary.duplicates();
    List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, kafka.topic(), raw);

    assertThat(run.summary.duplicates()).isBetween(800L, 1200L);
    assertThat(records).hasSize((int) raw);
    Set<String> distinct =
        records.stream()
            .map(r -> codec.decode(r.value()))
            .map(r -> r.sensorId() + "/" + r.sequence())
            .collect(Collectors.toSet());
    assertThat(distinct).hasSize(20_000);
  }

  @Test
  void truthLabelsArriveOnTheTruthTopic(TestStack stack, TestInfo test) {
    KafkaSettings kafka = topicsFor(stack, test);
    SimulationOptions options =
        SimulationOptions.of(100, START, 30_000, 3)
            .withFaults(new FaultRates(0.002, 0.001, 0.001, 0.0005), DeliveryFaultRates.NONE);

    Run run = simulate(kafka, options);
    List<ConsumerRecord<byte[], byte[]>> records =
        readAll(kafka, kafka.truthTopic(), run.sent.labels.size());

    assertThat(run.sent.labels).hasSizeGreaterThan(50);
    assertThat(run.summary.labels()).isEqualTo(run.summary.faults());
    List<FaultLabel> labels =
        records.stream()
            .map(r -> FaultLabel.parse(new String(r.value(), StandardCharsets.UTF_8)))
            .toList();
    assertThat(labels).containsExactlyInAnyOrderElementsOf(run.sent.labels);
  }

  private record Run(SimulationStats.Snapshot summary, CollectingSink sent) {}

  /** Runs unpaced into Kafka and, alongside, into a list of what was sent. */
  private static Run simulate(KafkaSettings kafka, SimulationOptions options) {
    SimulationStats stats = new SimulationStats();
    CollectingSink sent = new CollectingSink();
    try (KafkaReadingSink kafkaSink = new KafkaReadingSink(kafka, stats)) {
      ReadingSink both =
          (reading, value) -> {
            sent.send(reading, value);
            kafkaSink.send(reading, value);
          };
      ReadingSink flushing =
          new ReadingSink() {
            @Override
            public void send(SensorReading reading, byte[] value) {
              both.send(reading, value);
            }

            @Override
            public void flush() {
              kafkaSink.flush();
            }
          };
      try (FleetSimulator simulator =
          new FleetSimulator(
              options, flushing, sent.and(kafkaSink), RateLimiter.unlimited(), stats)) {
        simulator.run();
      }
      kafkaSink.flush();
      assertThat(kafkaSink.failure()).isNull();
    }
    return new Run(stats.snapshot(), sent);
  }

  /** Per-test topics (the class's topics plus the test's name), created like the pipeline's. */
  private static KafkaSettings topicsFor(TestStack stack, TestInfo test) {
    String suffix =
        "-" + test.getTestMethod().orElseThrow().getName().toLowerCase().substring(0, 12);
    KafkaSettings base = stack.kafka();
    KafkaSettings kafka =
        base.withTopics(
            base.topic() + suffix, base.dlqTopic() + suffix, base.truthTopic() + suffix);
    KafkaTopics.ensure(
        kafka,
        List.of(
            new NewTopic(kafka.topic(), kafka.partitions(), kafka.replicationFactor()),
            new NewTopic(kafka.truthTopic(), 1, kafka.replicationFactor())));
    return kafka;
  }

  /** Reads a topic from the beginning until {@code expected} records arrived, then a bit more. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      KafkaSettings kafka, String topic, long expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrap(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            5000);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInSameThread()
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
              });
      // Anything beyond the expected count would be a bug: give it a chance to show up.
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
    }
    return records;
  }
}
