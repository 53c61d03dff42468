package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@WithStack
class ReadingWriterIT {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final IngestMetrics metrics = new IngestMetrics(Clock.systemUTC());

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private ReadingWriter writer(TestStack stack) {
    return ReadingWriter.create(
        stack.session(),
        stack.cassandra().keyspace(),
        IngestOptions.defaults().withBatching(4, 20),
        metrics,
        Clock.systemUTC(),
        scheduler);
  }

  private static List<IncomingReading> incoming(List<SensorReading> readings) {
    return readings.stream().map(r -> new IncomingReading(r, 0)).toList();
  }

  @Test
  void storesEveryReadingWithItsEventTimeAndValues(TestStack stack) {
    List<SensorReading> readings = IngestFixtures.readings(100, 5, 300, Duration.ofSeconds(3));
    try (ReadingWriter writer = writer(stack)) {
      writer.write(incoming(readings)).join();
    }

    assertThat(IngestFixtures.countRows(stack.session(), stack.cassandra().keyspace(), readings))
        .isEqualTo(readings.size());
    assertThat(metrics.rows()).isEqualTo(readings.size());
    SensorReading sample = readings.get(777);
    Row row =
        stack
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT * FROM sensor_data "
                        + "WHERE sensor_id = ? AND day = ? AND timestamp = ?",
                    sample.sensorId(),
                    sample.day(),
                    sample.timestamp()))
            .one();
    assertThat(row).isNotNull();
    assertThat(row.getFloat("temperature")).isEqualTo((float) sample.temperature());
    assertThat(row.getFloat("humidity")).isEqualTo((float) sample.humidity());
    assertThat(row.getLong("seq")).isEqualTo(sample.sequence());
    assertThat(row.getString("site")).isEqualTo(sample.site());
    assertThat(row.getInstant("ingested_at")).isAfter(sample.timestamp());
  }

  @Test
  void keepsTheNewestReadingAsLatestEvenWhenAnOlderOneArrivesLater(TestStack stack) {
    SensorReading newer = SensorReading.of(7, Instant.parse("2026-11-28T10:00:00Z"), 22.5, 40);
    SensorReading older = SensorReading.of(7, Instant.parse("2026-11-28T09:00:00Z"), 11.5, 60);
    try (ReadingWriter writer = writer(stack)) {
      writer.write(incoming(List.of(newer))).join();
      writer.write(incoming(List.of(older))).join();
      // The sensors row is written in the background, off the commit path.
      Row sensor =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> stack.session().execute("SELECT * FROM sensors WHERE sensor_id = 7").one(),
                  java.util.Objects::nonNull);
      assertThat(sensor.getInstant("first_seen")).isEqualTo(newer.timestamp());
      assertThat(sensor.getString("sensor_type")).isEqualTo("env");
    }

    Row latest = stack.session().execute("SELECT * FROM sensor_latest WHERE sensor_id = 7").one();
    assertThat(latest.getInstant("timestamp")).isEqualTo(newer.timestamp());
    assertThat(latest.getFloat("temperature")).isEqualTo(22.5f);
  }

  @Test
  void coalescesLatestUpdatesIntoTheNewestReadingPerSensor(TestStack stack) {
    List<SensorReading> readings = IngestFixtures.readings(200, 3, 50, Duration.ofSeconds(1));
    try (ReadingWriter writer = writer(stack)) {
      // Two writes in one flush interval, the newer readings first: the flush keeps the newest.
      writer.write(incoming(readings.subList(75, 150))).join();
      writer.write(incoming(readings.subList(0, 75))).join();
    }

    for (int sensor = 200; sensor < 203; sensor++) {
      int id = sensor;
      SensorReading newest =
          readings.stream()
              .filter(r -> r.sensorId() == id)
              .reduce((a, b) -> b.timestamp().isAfter(a.timestamp()) ? b : a)
              .orElseThrow();
      Row latest =
          stack
              .session()
              .execute(
                  SimpleStatement.newInstance(
                      "SELECT timestamp, seq FROM sensor_latest WHERE sensor_id = ?", id))
              .one();
      assertThat(latest.getInstant("timestamp")).isEqualTo(newest.timestamp());
      assertThat(latest.getLong("seq")).isEqualTo(newest.sequence());
    }
  }

  @Test
  void packsLoneRowsOfManyPartitionsTenToARequest(TestStack stack) {
    List<SensorReading> oneEach = IngestFixtures.readings(10_000, 500, 1, Duration.ofSeconds(1));
    try (ReadingWriter writer = writer(stack)) {
      writer.write(incoming(oneEach)).join();
    }

    assertThat(IngestFixtures.countRows(stack.session(), stack.cassandra().keyspace(), oneEach))
        .isEqualTo(500);
    assertThat(metrics.rows())
        .as("sensor_latest rows are not counted as stored readings")
        .isEqualTo(500);
    assertThat(metrics.tick().batches()).isEqualTo(50);
  }

  @Test
  void leavesAbsentOptionalFieldsUnsetRatherThanNull(TestStack stack) {
    SensorReading original = SensorReading.of(8, Instant.parse("2026-11-28T10:00:00Z"), 20, 50);
    try (ReadingWriter writer = writer(stack)) {
      writer.write(incoming(List.of(original))).join();
    }

    Row row =
        stack
            .session()
            .execute(
                "SELECT seq, site FROM sensor_data WHERE sensor_id = 8 " + "AND day = '2026-11-28'")
            .one();
    assertThat(row.isNull("seq")).isTrue();
    assertThat(row.isNull("site")).isTrue();
  }

  @Test
  void failsFatallyWhenTheSchemaIsMissing(TestStack stack) {
    assertThatThrownBy(
            () ->
                ReadingWriter.create(
                    stack.session(),
                    "no_such_keyspace",
                    IngestOptions.defaults(),
                    metrics,
                    Clock.systemUTC(),
                    scheduler))
        .hasMessageContaining("no_such_keyspace");
  }
}
