package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ingester runs as a separate JVM ({@link IngestProcessMain}) and is killed with SIGKILL
 * ({@code destroyForcibly}) while it writes: no close, no final commit. A second process in the
 * same group must pick up from the last commit, and the table must hold every reading once.
 */
@WithStack
class IngesterCrashIT {

  @Test
  void aKilledIngesterLosesNothingAndDoublesNothingAfterRestart(TestStack stack) throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, "crash", 3);
    List<SensorReading> readings = IngestFixtures.readings(5000, 30, 5000, Duration.ofMillis(200));
    IngestFixtures.produce(kafka, readings);
    String group = IngestFixtures.group();
    String keyspace = stack.cassandra().keyspace();

    Process first = launch(stack, kafka, group, "first", 600);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
        IngestFixtures.committedTotal(kafka.bootstrap(), group) > readings.size() / 5);
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long committedAtKill = IngestFixtures.committedTotal(kafka.bootstrap(), group);
    long rowsAtKill = IngestFixtures.countRows(stack.session(), keyspace, readings);
    assertThat(committedAtKill).as("killed mid-run").isLessThan(readings.size());

    Process second = launch(stack, kafka, group, "second", 8);
    assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("restarted ingester went idle and exited")
        .isTrue();
    assertThat(second.exitValue()).isZero();

    assertThat(rowsAtKill).isLessThan(readings.size());
    assertThat(IngestFixtures.committedTotal(kafka.bootstrap(), group)).isEqualTo(readings.size());
    assertThat(IngestFixtures.countRows(stack.session(), keyspace, readings)).isEqualTo(readings.size());
    assertEverySequenceStoredOnce(stack, readings);
  }

  /** Per sensor: the stored sequence numbers are exactly 0..n-1, each once, at its event time. */
  private static void assertEverySequenceStoredOnce(TestStack stack, List<SensorReading> readings) {
    Map<Integer, List<SensorReading>> bySensor = new HashMap<>();
    readings.forEach(r -> bySensor.computeIfAbsent(r.sensorId(), k -> new ArrayList<>()).add(r));
    for (Map.Entry<Integer, List<SensorReading>> sensor : bySensor.entrySet()) {
      Map<Long, Long> timeBySequence = new HashMap<>();
      for (LocalDate day : sensor.getValue().stream().map(SensorReading::day).distinct().toList()) {
        for (Row row : stack.session().execute(SimpleStatement.newInstance(
            "SELECT seq, timestamp FROM sensor_data WHERE sensor_id = ? AND day = ?",
            sensor.getKey(), day).setPageSize(5000))) {
          Long previous = timeBySequence.put(row.getLong("seq"), row.getInstant("timestamp").toEpochMilli());
          assertThat(previous).as("sequence %d of sensor %d stored twice", row.getLong("seq"),
              sensor.getKey()).isNull();
        }
      }
      assertThat(timeBySequence).hasSize(sensor.getValue().size());
      for (SensorReading reading : sensor.getValue()) {
        assertThat(timeBySequence.get(reading.sequence())).isEqualTo(reading.timestamp().toEpochMilli());
      }
    }
  }

  private static Process launch(TestStack stack, KafkaSettings kafka, String group, String name,
      int idleStopSeconds) throws IOException {
    Path log = Path.of("target", "crash-it-" + name + ".log");
    Files.createDirectories(log.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        IngestProcessMain.class.getName(), kafka.bootstrap(), kafka.topic(), kafka.dlqTopic(),
        stack.settings().get("cassandra.contact-points"), stack.cassandra().keyspace(), group,
        Integer.toString(idleStopSeconds))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
