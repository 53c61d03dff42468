package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What the streaming job writes besides minute aggregates, fed late, invalid and faulty readings
 * through the real job: the late and undecodable counts in {@code stream_progress}, the rows of
 * {@code sensor_alerts} and {@code sensor_alerts_by_day}, and a replayed micro-batch that sends no
 * alert to the alerts topic a second time.
 */
@WithStack
class StreamOutputsIT {

  private static final Instant START = Instant.parse("2026-11-21T08:00:00Z");
  private static final int SENSORS = 5;
  private static final int HOT_SENSOR = 3;
  private static final int INVALID = 25;
  private static final int LATE = 20;

  private static SparkSession spark;

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void lateInvalidAndFaultyReadingsLandWhereTheyShouldAndAReplaySendsNoAlertTwice(TestStack stack)
      throws Exception {
    List<SensorReading> readings = new ArrayList<>();
    for (SensorReading reading :
        TestReadings.fleet(SENSORS, START, Duration.ofMinutes(10), Duration.ofSeconds(10), 11)) {
      // Sensor 3 overheats through minutes 4 and 5: one threshold alert per sensor-minute.
      boolean hot =
          reading.sensorId() == HOT_SENSOR
              && !reading.timestamp().isBefore(START.plusSeconds(240))
              && reading.timestamp().isBefore(START.plusSeconds(360));
      readings.add(
          hot
              ? new SensorReading(
                  reading.sensorId(),
                  reading.timestamp(),
                  95.0,
                  reading.humidity(),
                  reading.sequence(),
                  reading.site())
              : reading);
    }
    TestReadings.publish(stack.kafka().bootstrap(), stack.kafka().topic(), readings);
    publishRaw(
        stack,
        INVALID,
        i -> ("{\"sensor_id\":" + i + ",\"timestamp\":\"soon\"}").getBytes(StandardCharsets.UTF_8));

    Path checkpoints = Files.createTempDirectory("stream-outputs-it");
    AnalyticsConfig config =
        AnalyticsConfig.local(stack.kafka(), stack.cassandra(), checkpoints.toString())
            .withMaster("local[2]")
            .withStream(Duration.ofSeconds(1), Duration.ofSeconds(30), "earliest", 0);
    spark = SparkSessions.open(config, "stream-outputs-it");

    runToTheEnd(config);
    List<String> firstAlerts = alertIds(stack);
    long alertRows = stack.count("sensor_alerts");

    // A replay: the alerts query's newest batch loses its commit, as if the JVM had died after
    // publishing but before Spark recorded the batch as done. The restart runs it again.
    Path commits = checkpoints.resolve(StreamingJob.ALERTS).resolve("commits");
    long newest = newestBatch(commits);
    Files.delete(commits.resolve(Long.toString(newest)));
    Files.deleteIfExists(commits.resolve("." + newest + ".crc"));
    runToTheEnd(config);
    assertThat(newestBatch(commits)).as("the deleted batch ran again").isEqualTo(newest);

    // Readings two hours older than the watermark, once it stands at the end of the ten minutes.
    TestReadings.publish(
        stack.kafka().bootstrap(),
        stack.kafka().topic(),
        TestReadings.fleet(
            SENSORS,
            START.minus(Duration.ofHours(2)),
            Duration.ofSeconds(40),
            Duration.ofSeconds(10),
            12));
    runToTheEnd(config);

    Map<String, Long> late = new HashMap<>();
    Map<String, Long> invalid = new HashMap<>();
    for (Row row :
        stack.session().execute("SELECT query, late_rows, invalid_rows FROM stream_progress")) {
      late.merge(row.getString(0), row.getLong(1), Long::sum);
      invalid.merge(row.getString(0), row.getLong(2), Long::sum);
    }
    assertThat(late.get(StreamingJob.AGGREGATES)).as("late rows").isBetween(1L, (long) LATE);
    assertThat(invalid.get(StreamingJob.ALERTS)).as("undecodable records").isEqualTo(INVALID);

    Set<String> byDay = new HashSet<>();
    for (Row row :
        stack
            .session()
            .execute(
                "SELECT sensor_id, ts, rule FROM sensor_alerts_by_day "
                    + "WHERE day = '2026-11-21'")) {
      byDay.add(row.getInt(0) + "/" + row.getString(2) + "/" + row.getInstant(1));
    }
    Set<String> bySensor = new HashSet<>();
    for (Row row :
        stack
            .session()
            .execute(
                "SELECT sensor_id, ts, rule FROM sensor_alerts WHERE "
                    + "sensor_id IN (1, 2, 3, 4, 5)")) {
      bySensor.add(row.getInt(0) + "/" + row.getString(2) + "/" + row.getInstant(1));
    }
    assertThat(
            bySensor.stream().filter(id -> id.startsWith(HOT_SENSOR + "/" + AlertRules.THRESHOLD)))
        .as("one threshold alert per hot sensor-minute")
        .containsExactlyInAnyOrder(
            HOT_SENSOR + "/" + AlertRules.THRESHOLD + "/" + START.plusSeconds(240),
            HOT_SENSOR + "/" + AlertRules.THRESHOLD + "/" + START.plusSeconds(300));
    assertThat(byDay).isEqualTo(bySensor);
    assertThat(alertRows).isEqualTo(bySensor.size());

    List<String> finalAlerts = alertIds(stack);
    assertThat(finalAlerts)
        .as("alerts topic after the replay and the late readings")
        .containsExactlyInAnyOrderElementsOf(firstAlerts);
  }

  private static void runToTheEnd(AnalyticsConfig config) throws Exception {
    try (StreamingJob job = new StreamingJob(spark, config, AlertThresholds.defaults(), true)) {
      job.start();
      job.awaitTermination();
    }
  }

  private static long newestBatch(Path commits) throws Exception {
    try (Stream<Path> files = Files.list(commits)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong)
          .max()
          .orElseThrow();
    }
  }

  private static void publishRaw(
      TestStack stack, int count, java.util.function.IntFunction<byte[]> value) {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.kafka().bootstrap());
    props.put("acks", "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(stack.kafka().topic(), null, value.apply(i)));
      }
      producer.flush();
    }
  }

  /** Every message's alert_id in the alerts topic, read from the start to the end. */
  private static List<String> alertIds(TestStack stack) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", stack.kafka().bootstrap());
    ObjectMapper json = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(stack.kafka().alertsTopic()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .sorted(Comparator.comparingInt(TopicPartition::partition))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          ids.add(json.readTree(record.value()).path("alert_id").asText());
        }
      }
    }
    assertThat(ids).as("alerts in the topic").isNotEmpty();
    return ids;
  }
}
