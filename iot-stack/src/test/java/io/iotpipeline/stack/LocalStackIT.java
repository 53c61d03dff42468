package io.iotpipeline.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.PipelineSchema;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole life of a local stack on ports of its own (so it never meets a developer's stack or the
 * shared test stack): start, idempotent start, restart with data kept, stop, and the failure modes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

  private final Path dataDir =
      Path.of("target", "lifecycle-it-" + UUID.randomUUID()).toAbsolutePath();
  private final Settings settings =
      Settings.defaults()
          .with(
              Map.ofEntries(
                  Map.entry("data-dir", dataDir.toString()),
                  Map.entry("stack.kafka-port", "19092"),
                  Map.entry("stack.kafka-controller-port", "19093"),
                  Map.entry("stack.cassandra-port", "19042"),
                  Map.entry("stack.cassandra-storage-port", "17000"),
                  Map.entry("stack.cassandra-jmx-port", "17199"),
                  Map.entry("stack.cassandra-heap", "1g"),
                  Map.entry("stack.kafka-heap", "512m"),
                  Map.entry("stack.spark", "true"),
                  Map.entry("stack.spark-master-port", "17077"),
                  Map.entry("stack.spark-master-ui-port", "18090"),
                  Map.entry("stack.spark-worker-ui-port", "18091"),
                  Map.entry("stack.spark-worker-memory", "512m"),
                  Map.entry("kafka.bootstrap", "127.0.0.1:19092"),
                  Map.entry("cassandra.contact-points", "127.0.0.1:19042")));
  private final LocalStack stack = new LocalStack(StackSettings.from(settings));
  private final KafkaSettings kafka = KafkaSettings.from(settings);
  private final CassandraSettings cassandra = CassandraSettings.from(settings);
  private List<LocalStack.Started> firstStart;

  @AfterAll
  void stopEverything() {
    stack.down();
  }

  @Test
  @Order(1)
  void upStartsKafkaAndCassandraThatRealClientsCanUse() {
    firstStart = stack.up();
    PipelineSchema.Outcome outcome = PipelineSchema.ensure(kafka, cassandra);

    assertThat(firstStart)
        .extracting(LocalStack.Started::name)
        .containsExactly("kafka", "cassandra", "spark-master", "spark-worker");
    assertThat(firstStart).noneMatch(LocalStack.Started::alreadyRunning);
    assertThat(stack.status())
        .allMatch(ServiceStatus::up)
        .allMatch(s -> s.pid().isPresent() && s.residentBytes() > 0);
    assertThat(outcome.createdTopics()).contains("iotdata", "iotdata-dlq");
    assertThat(outcome.appliedMigrations()).isNotEmpty();

    produce("first");
    assertThat(consumeAll("lifecycle-group")).containsExactly("first");
    try (CqlSession session = CassandraSessions.openInKeyspace(cassandra)) {
      session.execute(
          "INSERT INTO sensor_latest (sensor_id, timestamp, temperature, humidity) "
              + "VALUES (1, '2026-11-28T10:00:00Z', 20.5, 40)");
      assertThat(
              session
                  .execute("SELECT temperature FROM sensor_latest WHERE sensor_id = 1")
                  .one()
                  .getFloat(0))
          .isEqualTo(20.5f);
    }
  }

  @Test
  @Order(2)
  void secondUpIsHarmlessAndKeepsTheSameProcesses() {
    List<LocalStack.Started> again = stack.up();
    PipelineSchema.Outcome outcome = PipelineSchema.ensure(kafka, cassandra);

    assertThat(again).allMatch(LocalStack.Started::alreadyRunning);
    assertThat(again)
        .extracting(LocalStack.Started::pid)
        .containsExactlyElementsOf(firstStart.stream().map(LocalStack.Started::pid).toList());
    assertThat(outcome.createdTopics()).isEmpty();
    assertThat(outcome.appliedMigrations()).isEmpty();
  }

  @Test
  @Order(3)
  void restartKeepsTopicsOffsetsAndRows() {
    produce("second");

    Map<String, String> stopped = stack.down();
    assertThat(stopped).containsValues("stopped");
    stack.up();

    // The group committed its offset after "first": only the new message is left for it.
    assertThat(consumeAll("lifecycle-group")).containsExactly("second");
    assertThat(consumeAll("fresh-group")).containsExactly("first", "second");
    try (CqlSession session = CassandraSessions.openInKeyspace(cassandra)) {
      Row row = session.execute("SELECT temperature FROM sensor_latest WHERE sensor_id = 1").one();
      assertThat(row).isNotNull();
      assertThat(row.getFloat(0)).isEqualTo(20.5f);
    }
  }

  @Test
  @Order(4)
  void downStopsEveryProcessAndFreesThePorts() {
    List<Long> pids = stack.status().stream().map(s -> s.pid().orElseThrow()).toList();

    stack.down();

    assertThat(pids)
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .isFalse());
    assertThat(List.of(19092, 19093, 19042, 17000, 17199, 17077, 18090, 18091))
        .allMatch(PortProbe::isFree);
    assertThat(stack.status()).noneMatch(ServiceStatus::running);
    assertThat(stack.down()).containsValues("not running");
  }

  @Test
  @Order(5)
  void aPortInUseIsNamedWithItsOwnerAndNothingIsLeftStarted() throws IOException {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 19042));

      assertThatThrownBy(stack::up)
          .isInstanceOf(StackException.class)
          .hasMessageContaining("port 19042 is already in use")
          .hasMessageContaining("PID " + ProcessHandle.current().pid());
    }
    assertThat(stack.status()).noneMatch(ServiceStatus::running);
  }

  @Test
  @Order(6)
  void aServiceThatIsNotReadyInTimeFailsWithItsLogAndIsStopped() {
    LocalStack impatient =
        new LocalStack(StackSettings.from(settings.with(Map.of("stack.start-timeout", "1s"))));

    assertThatThrownBy(impatient::up)
        .isInstanceOf(StackException.class)
        .hasMessageContaining("did not become ready in time")
        .hasMessageContaining("Last lines of");
    assertThat(impatient.status()).noneMatch(ServiceStatus::running);
  }

  @Test
  @Order(7)
  void anUnwritableDataDirIsAClearError() throws IOException {
    Path aFile = Files.createTempFile("not-a-directory", ".txt");
    LocalStack misplaced =
        new LocalStack(
            StackSettings.from(
                settings.with(Map.of("data-dir", aFile.resolve("data").toString()))));

    assertThatThrownBy(misplaced::up)
        .isInstanceOf(StackException.class)
        .hasMessageContaining("is not writable")
        .hasMessageContaining("--data-dir");
  }

  private void produce(String value) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(kafka.topic(), "1", value));
      producer.flush();
    }
  }

  /** Reads what the group has not consumed yet, then commits. */
  private List<String> consumeAll(String group) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(kafka.topic()));
      List<String> values = new java.util.ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(30);
      // Poll until the assignment is in place and an empty poll shows we have caught up.
      while (Instant.now().isBefore(deadline)) {
        var records = consumer.poll(Duration.ofMillis(1000));
        for (ConsumerRecord<String, String> record : records) {
          values.add(record.value());
        }
        if (records.isEmpty() && !consumer.assignment().isEmpty() && !values.isEmpty()) {
          break;
        }
      }
      consumer.commitSync();
      return values;
    }
  }
}
