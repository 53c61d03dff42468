package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.clients.jobs.ConsumerLag;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.testkit.FreePorts;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker crashed (SIGKILL, then restarted) or hung (SIGSTOP, then SIGCONT) for 20 s in
 * the middle of a run. The shared broker serves every test of the build and a developer's stack, so
 * this class starts a single broker of its own (own data dir, free ports) and restarts it on the
 * same data dir and ports, so topics and committed offsets survive as they would on a real restart.
 * Cassandra is the shared node.
 */
@WithStack
class KafkaOutageIT {

  private static final Logger log = LoggerFactory.getLogger(KafkaOutageIT.class);
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static final Path DATA_DIR = Path.of("target", "kafka-outage-stack").toAbsolutePath();
  private static final int MALFORMED_PER_PART = 5;

  private static LocalStack broker;
  private static Thread stopAtExit;

  @BeforeAll
  static void startPrivateBroker() throws IOException {
    broker = new LocalStack(privateStack());
    // Rules out an earlier, killed run's broker and its topics: counts below start from zero.
    broker.down();
    deleteRecursively(DATA_DIR);
    // @AfterAll does not run when the test JVM is interrupted; the broker is a detached process.
    stopAtExit = new Thread(broker::down, "kafka-outage-broker-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    broker.up(List.of("kafka"));
  }

  @AfterAll
  static void stopPrivateBroker() {
    if (broker != null) {
      broker.down();
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    }
  }

  @Test
  void waitsThroughACrashOfTheBrokerAndLosesOrDoublesNothing(TestStack stack) throws Exception {
    // SIGKILL: no clean shutdown, the broker recovers its logs on restart.
    ingestThroughBrokerOutage(
        stack, 7000, () -> broker.kill("kafka"), () -> broker.up(List.of("kafka")));
  }

  @Test
  void waitsThroughA20SecondHangOfTheBrokerAndLosesOrDoublesNothing(TestStack stack)
      throws Exception {
    // SIGSTOP: connections stay open and nothing answers, so requests time out.
    ingestThroughBrokerOutage(
        stack, 7100, () -> broker.pause("kafka"), () -> broker.resume("kafka"));
  }

  /**
   * Half the readings before the broker is struck, 20 s of outage, the other half after it is back:
   * the ingester stays alive throughout and stores and commits everything exactly once. Each test
   * has sensors of its own ({@code firstSensor}), since they share the class keyspace.
   */
  private void ingestThroughBrokerOutage(
      TestStack stack, int firstSensor, Runnable strike, Runnable recover) throws Exception {
    String topic = "outage-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaSettings kafka = privateKafka(stack, topic);
    KafkaTopics.ensure(
        kafka,
        List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(kafka.dlqTopic(), 1, (short) 1)));
    List<SensorReading> readings =
        IngestFixtures.readings(firstSensor, 20, 1000, Duration.ofMillis(500));
    List<SensorReading> beforeOutage = readings.subList(0, readings.size() / 2);
    List<SensorReading> afterOutage = readings.subList(readings.size() / 2, readings.size());
    int records = readings.size() + 2 * MALFORMED_PER_PART;
    int resent;
    boolean replayedAfterLoss;
    String group = IngestFixtures.group();
    String keyspace = stack.cassandra().keyspace();

    // Progress every 5 s keeps the log short; the assertions read the live counters.
    IngestOptions options =
        IngestFixtures.options(group).withMetricsInterval(Duration.ofSeconds(5));
    try (KafkaIngester ingester =
        KafkaIngester.create(
            options, kafka, stack.cassandra(), Clock.systemUTC(), KafkaIngester.logReporter())) {
      ingester.start();
      resent = produce(kafka, beforeOutage, "before");
      long committedBefore = beforeOutage.size() + MALFORMED_PER_PART + resent;
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  IngestFixtures.countRows(stack.session(), keyspace, readings)
                          == beforeOutage.size()
                      && ingester.metrics().deadLetters() >= MALFORMED_PER_PART);
      // Committed before the outage, so a restart that lost offsets would show up as a replay.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> IngestFixtures.committedTotal(kafka, group) == committedBefore);
      long recordsAtStop = ingester.metrics().records();

      strike.run();
      long outageEnds = System.nanoTime() + OUTAGE.toNanos();
      while (System.nanoTime() < outageEnds) {
        assertThat(ingester.isRunning()).as("ingester alive while Kafka is down").isTrue();
        assertThat(ingester.failure()).isEmpty();
        assertThat(IngestFixtures.countRows(stack.session(), keyspace, readings))
            .as("no rows appear while Kafka is down")
            .isEqualTo(beforeOutage.size());
        Thread.sleep(1_000); // the outage itself: there is nothing to wait for
      }
      assertThat(ingester.metrics().records()).isEqualTo(recordsAtStop);

      recover.run();
      resent += produce(kafka, afterOutage, "after");
      int delivered = records + resent;
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  IngestFixtures.countRows(stack.session(), keyspace, readings) == readings.size()
                      && ingester.metrics().deadLetters() >= 2 * MALFORMED_PER_PART
                      && ingester.metrics().records() >= records);
      ingester.stop();
      assertThat(ingester.awaitTermination(Duration.ofSeconds(60))).isTrue();
      assertThat(ingester.failure()).isEmpty();
      // The topic holds every record once, the ones sent again at most twice; all are committed.
      long inTopic = endOffsetsTotal(kafka);
      assertThat(inTopic)
          .as("in the topic (%d sent again)", resent)
          .isBetween((long) records, (long) delivered);
      assertThat(IngestFixtures.committedTotal(kafka, group)).as("committed").isEqualTo(inTopic);
      replayedAfterLoss = ingester.metrics().partitionsLost() > 0;
      if (replayedAfterLoss) {
        // The outage outlasted the consumer's session: the group took the partitions away, and
        // the records past the last commit were consumed again (the rows below show no double).
        assertThat(ingester.metrics().records()).isGreaterThanOrEqualTo(inTopic);
      } else {
        assertThat(ingester.metrics().records())
            .as("nothing replayed or skipped")
            .isEqualTo(inTopic);
      }
    }
    assertThat(IngestFixtures.countRows(stack.session(), keyspace, readings))
        .isEqualTo(readings.size());
    // A replay dead-letters its malformed records again: the DLQ is at-least-once.
    assertThat(deadLetterCount(kafka))
        .isBetween(
            2L * MALFORMED_PER_PART,
            replayedAfterLoss ? Long.MAX_VALUE : 2L * MALFORMED_PER_PART + resent);
  }

  /**
   * Readings plus a few malformed records, so the dead-letter producer must reconnect too. A send
   * the broker did not acknowledge (a broker that has just recovered can refuse the first ones) is
   * sent again with a new producer, as any client would; it may then be in the topic twice.
   *
   * @return how many records were sent again (each a possible duplicate delivery)
   */
  private static int produce(KafkaSettings kafka, List<SensorReading> readings, String label)
      throws Exception {
    List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();
    for (SensorReading reading : readings) {
      pending.add(IngestFixtures.record(kafka.topic(), reading));
    }
    for (int i = 0; i < MALFORMED_PER_PART; i++) {
      pending.add(
          new ProducerRecord<>(
              kafka.topic(), ("not json " + label + " " + i).getBytes(StandardCharsets.UTF_8)));
    }
    int resent = 0;
    for (int round = 0; round < 3 && !pending.isEmpty(); round++) {
      resent += round == 0 ? 0 : pending.size();
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(kafka.bootstrap())) {
        for (ProducerRecord<byte[], byte[]> record : pending) {
          sends.add(producer.send(record));
        }
        producer.flush();
      }
      List<ProducerRecord<byte[], byte[]>> failed = new ArrayList<>();
      for (int i = 0; i < sends.size(); i++) {
        try {
          sends.get(i).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failed.add(pending.get(i));
          log.warn("Send {} not acknowledged ({}); sending it again", i, e.getCause().toString());
        }
      }
      pending = failed;
    }
    assertThat(pending).as("records the broker never acknowledged").isEmpty();
    return resent;
  }

  /** Records in the readings topic: its end offsets, summed. */
  private static long endOffsetsTotal(KafkaSettings kafka) throws Exception {
    try (Admin admin = KafkaTopics.admin(kafka)) {
      return ConsumerLag.position(
              admin, "unused-" + UUID.randomUUID(), kafka.topic(), Duration.ofSeconds(30))
          .end();
    }
  }

  /** Records in the (single-partition) dead-letter topic. */
  private static long deadLetterCount(KafkaSettings kafka) throws Exception {
    TopicPartition partition = new TopicPartition(kafka.dlqTopic(), 0);
    try (Admin admin = KafkaTopics.admin(kafka)) {
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get(30, TimeUnit.SECONDS)
          .offset();
    }
  }

  /** The shared stack's topic settings, pointed at the private broker. */
  private static KafkaSettings privateKafka(TestStack stack, String topic) {
    KafkaSettings shared = stack.kafka();
    return shared
        .withBootstrap(broker.settings().kafkaBootstrap())
        .withTopic(topic, topic + "-dlq")
        .withPartitions(3, (short) 1);
  }

  /**
   * Kafka only, on free ports. Cassandra and Spark are never started from this data dir; they get
   * free ports too so that nothing here can ever name the shared node's ports.
   */
  private static StackSettings privateStack() throws IOException {
    List<Integer> ports = FreePorts.take(8);
    return new StackSettings(
        DATA_DIR,
        1,
        false,
        ports.get(0),
        ports.get(1),
        ports.get(2),
        ports.get(3),
        ports.get(4),
        "512m",
        "512m",
        StackSettings.CommitlogSync.BATCH,
        Duration.ofSeconds(90),
        Duration.ofSeconds(30),
        new StackSettings.Spark(false, ports.get(5), ports.get(6), ports.get(7), 1, "512m"));
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
