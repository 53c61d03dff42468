package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./iot sql} as a user runs it, against readings this class writes into its own keyspace
 * (with the driver, not the connector the command reads through) and publishes to its own topic.
 * The expected per-sensor averages are computed here, in plain Java, from the same readings.
 */
@WithStack
class SqlCommandIT {

  private static final Instant START = Instant.parse("2026-11-20T23:50:00Z");
  private static final int SENSORS = 4;
  private static final int PER_SENSOR = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<SensorReading> READINGS = new ArrayList<>();

  @BeforeAll
  static void writeAndPublishReadings(TestStack stack) throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    ReadingCodec codec = new ReadingCodec();
    for (int i = 0; i < PER_SENSOR; i++) {
      for (int sensor = 1; sensor <= SENSORS; sensor++) {
        // 20 s apart: the readings span midnight, so each sensor has two day partitions.
        SensorReading generated =
            new SensorReading(
                sensor,
                START.plusSeconds(20L * i).plusMillis(sensor),
                15 + sensor * 2 + random.nextDouble(-3, 3),
                40 + random.nextDouble(-10, 10),
                i,
                "site-" + (sensor % 2));
        READINGS.add(codec.decode(codec.encode(generated)));
      }
    }
    PreparedStatement insert =
        stack
            .session()
            .prepare(
                "INSERT INTO sensor_data (sensor_id, day, timestamp, temperature, humidity, seq,"
                    + " site) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (int from = 0; from < READINGS.size(); from += 40) {
      BatchStatement batch = BatchStatement.newInstance(BatchType.UNLOGGED);
      for (SensorReading r : READINGS.subList(from, Math.min(READINGS.size(), from + 40))) {
        batch =
            batch.add(
                insert.bind(
                    r.sensorId(),
                    SensorDay.utcDay(r.timestamp()),
                    r.timestamp(),
                    (float) r.temperature(),
                    (float) r.humidity(),
                    r.sequence(),
                    r.site()));
      }
      stack.session().execute(batch);
    }
    Properties producer = new Properties();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrap());
    try (KafkaProducer<String, byte[]> kafka =
        new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer())) {
      for (SensorReading r : READINGS) {
        kafka.send(
            new ProducerRecord<>(
                stack.kafka().topic(), Integer.toString(r.sensorId()), codec.encode(r)));
      }
      // One record no reading can be decoded from: the topic's table leaves it out.
      kafka.send(new ProducerRecord<>(stack.kafka().topic(), "9", "not json".getBytes()));
      kafka.flush();
    }
  }

  /** Per sensor: the mean of the temperatures as stored (Cassandra's float) or as published. */
  private static Map<Integer, Double> expectedAverages(boolean asStoredFloats) {
    Map<Integer, double[]> sums = new TreeMap<>();
    for (SensorReading r : READINGS) {
      double value = asStoredFloats ? (double) (float) r.temperature() : r.temperature();
      double[] sum = sums.computeIfAbsent(r.sensorId(), id -> new double[2]);
      sum[0] += value;
      sum[1]++;
    }
    Map<Integer, Double> averages = new TreeMap<>();
    sums.forEach((id, sum) -> averages.put(id, sum[0] / sum[1]));
    return averages;
  }

  private static Result sql(TestStack stack, String... arguments) throws Exception {
    Path dataDir = IotProcess.freshDataDir("sql-it");
    String[] command = new String[arguments.length + 1];
    command[0] = "sql";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    try (IotProcess iot = IotProcess.start(stack, dataDir, command)) {
      assertThat(iot.process().waitFor(4, TimeUnit.MINUTES))
          .as("./iot sql finished; output:%n%s", iot.output())
          .isTrue();
      return new Result(iot.process().exitValue(), iot.output());
    }
  }

  private record Result(int exitCode, String output) {
    List<JsonNode> jsonLines() throws Exception {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : output.lines().toList()) {
        if (line.startsWith("{")) {
          lines.add(JSON.readTree(line));
        }
      }
      return lines;
    }
  }

  @Test
  void jsonAveragesPerSensorOfTheTableAndOfTheTopicEqualAnIndependentComputation(TestStack stack)
      throws Exception {
    String topic = stack.kafka().topic();
    Result result =
        sql(
            stack,
            "--format",
            "json",
            "-e",
            "SELECT sensor_id, avg(temperature) AS stored_avg, count(*) AS readings"
                + " FROM sensor_data GROUP BY sensor_id ORDER BY sensor_id;\n"
                + "SELECT sensor_id, avg(temperature) AS published_avg FROM `"
                + topic
                + "` GROUP BY sensor_id ORDER BY sensor_id");

    assertThat(result.exitCode()).as(result.output()).isZero();
    List<JsonNode> lines = result.jsonLines();
    assertThat(lines).as(result.output()).hasSize(2 * SENSORS);
    Map<Integer, Double> stored = new TreeMap<>();
    Map<Integer, Double> published = new TreeMap<>();
    for (JsonNode line : lines) {
      if (line.has("stored_avg")) {
        assertThat(line.get("readings").asLong()).isEqualTo(PER_SENSOR);
        stored.put(line.get("sensor_id").asInt(), line.get("stored_avg").asDouble());
      } else {
        published.put(line.get("sensor_id").asInt(), line.get("published_avg").asDouble());
      }
    }
    Map<Integer, Double> expectedStored = expectedAverages(true);
    Map<Integer, Double> expectedPublished = expectedAverages(false);
    assertThat(stored.keySet()).isEqualTo(expectedStored.keySet());
    assertThat(published.keySet()).isEqualTo(expectedPublished.keySet());
    expectedStored.forEach(
        (id, average) ->
            assertThat(stored.get(id)).as("sensor %d", id).isCloseTo(average, within(1e-9)));
    expectedPublished.forEach(
        (id, average) ->
            assertThat(published.get(id)).as("sensor %d", id).isCloseTo(average, within(1e-9)));
  }

  @Test
  void aQueryOnOnePartitionIsAKeyedReadAndEveryTableHasAView(TestStack stack) throws Exception {
    Result result =
        sql(
            stack,
            "--format",
            "csv",
            "-e",
            "EXPLAIN SELECT * FROM sensor_data WHERE sensor_id = 2 AND day = DATE'2026-11-21';"
                + " SHOW VIEWS");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .as(result.output())
        // The plan is one CSV field, so its quotes are doubled.
        .contains("Cassandra Filters: [[\"\"sensor_id\"\" = ?, 2],[\"\"day\"\" = ?, 2026-11-21]]");
    for (String table : List.of("sensor_data", "sensor_agg_hour", "sensors", "fleet_report")) {
      assertThat(result.output()).containsPattern("(?m)^," + table + ",true$");
    }
  }

  @Test
  void aSyntaxErrorExitsNonZeroWithOneLineAndNoStackTrace(TestStack stack) throws Exception {
    Result result = sql(stack, "-e", "SELEC sensor_id FROM sensor_data");

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    List<String> errors =
        result.output().lines().filter(line -> line.startsWith("error:")).toList();
    assertThat(errors).as(result.output()).hasSize(1);
    assertThat(errors.get(0)).contains("PARSE_SYNTAX_ERROR").contains("'SELEC'");
    assertThat(result.output().lines())
        .as(result.output())
        .noneMatch(line -> line.matches("\\s+at [\\w.$]+\\(.*"))
        .noneMatch(line -> line.contains("== SQL =="));
  }
}
