package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.testkit.FreePorts;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./iot stack up --secure} as a user runs it, on ports of its own: the pipeline works end to
 * end with each component logged in as itself over TLS, every kind of intruder is refused with a
 * message that says why, and no generated secret shows in logs, {@code ./iot config} or {@code ps}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class SecureStackIT {

  private static final int SENSORS = 20;
  private static final int READINGS = 4_000;

  private final Path dataDir = IotProcess.freshDataDir("secure-it");
  private final Map<String, String> ports = new LinkedHashMap<>();

  @BeforeAll
  void startASecureStack() throws Exception {
    List<Integer> free = FreePorts.take(5);
    ports.put("stack.kafka-port", Integer.toString(free.get(0)));
    ports.put("stack.kafka-controller-port", Integer.toString(free.get(1)));
    ports.put("stack.cassandra-port", Integer.toString(free.get(2)));
    ports.put("stack.cassandra-storage-port", Integer.toString(free.get(3)));
    ports.put("stack.cassandra-jmx-port", Integer.toString(free.get(4)));
    String output =
        IotProcess.run(ports, dataDir, Duration.ofMinutes(5), "stack", "up", "--secure");
    assertThat(output).contains("roles and ACLs per component", "Stack up in");
  }

  @AfterAll
  void stopTheStack() throws Exception {
    IotProcess.run(ports, dataDir, Duration.ofMinutes(3), "stack", "down");
  }

  /** What a component's settings file says, as that component's settings. */
  private Settings as(String component) throws IOException {
    Map<String, String> values = new LinkedHashMap<>(ports);
    values.put("data-dir", dataDir.toString());
    values.put("stack.security", "on");
    values.put("kafka.bootstrap", "127.0.0.1:" + ports.get("stack.kafka-port"));
    values.put("cassandra.contact-points", "127.0.0.1:" + ports.get("stack.cassandra-port"));
    values.putAll(read(dataDir.resolve("secrets").resolve(component + ".properties")));
    return Settings.defaults().with(values);
  }

  private static Map<String, String> read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
    return values;
  }

  private long count(CqlSession session, String table) {
    return session.execute("SELECT count(*) FROM iot_keyspace." + table).one().getLong(0);
  }

  @Test
  @Order(1)
  void everyReadingTravelsThePipelineWithEachComponentLoggedInAsItself() throws Exception {
    // Spikes and stuck runs make alerts; no dropped, doubled or late readings, so N sent is N rows.
    IotProcess.run(
        ports,
        dataDir,
        Duration.ofMinutes(3),
        "simulate",
        "--sensors",
        Integer.toString(SENSORS),
        "--count",
        Integer.toString(READINGS),
        "--rate",
        "0",
        "--start",
        "now-1h",
        "--dropout-rate",
        "0",
        "--duplicate-rate",
        "0",
        "--late-rate",
        "0",
        "--spike-rate",
        "0.01");
    String ingest =
        IotProcess.run(
            ports,
            dataDir,
            Duration.ofMinutes(3),
            "ingest",
            "--max-records",
            Integer.toString(READINGS));
    assertThat(ingest).doesNotContain("ERROR");
    String analytics =
        IotProcess.run(
            ports, dataDir, Duration.ofMinutes(6), "analytics", "stream", "--available-now");
    assertThat(analytics).doesNotContain("not authorized", "Unauthorized");

    try (CqlSession admin = CassandraSessions.open(CassandraSettings.from(as("admin")))) {
      assertThat(count(admin, "sensor_data")).isEqualTo(READINGS);
      assertThat(count(admin, "sensor_agg_minute")).isPositive();
      assertThat(count(admin, "sensor_alerts")).isPositive();
    }
  }

  @Test
  @Order(2)
  void aClientWithoutCredentialsOrWithAWrongPasswordIsRefusedWithTheReason() throws Exception {
    IotProcess.Result noLogin =
        IotProcess.runExpectingFailure(
            ports,
            dataDir,
            Duration.ofMinutes(2),
            "setup",
            "-D",
            "cassandra.username=",
            "-D",
            "cassandra.password=");
    assertThat(noLogin.output()).contains("check cassandra.username and cassandra.password");

    IotProcess.Result wrongPassword =
        IotProcess.runExpectingFailure(
            ports,
            dataDir,
            Duration.ofMinutes(2),
            "simulate",
            "--sensors",
            "1",
            "--count",
            "1",
            "-D",
            "kafka.sasl.password=not-the-password");
    assertThat(wrongPassword.output()).contains("authentication failed", "kafka.sasl.password");

    IotProcess.Result plaintext =
        IotProcess.runExpectingFailure(
            ports, dataDir, Duration.ofMinutes(2), "setup", "-D", "cassandra.ssl=false");
    assertThat(plaintext.output()).contains("cassandra.ssl");

    IotProcess.Result plaintextKafka =
        IotProcess.runExpectingFailure(
            ports,
            dataDir,
            Duration.ofMinutes(2),
            "setup",
            "-D",
            "kafka.security.protocol=PLAINTEXT");
    assertThat(plaintextKafka.output()).contains("set kafka.security.protocol");
  }

  @Test
  @Order(3)
  void eachPrincipalMayDoOnlyItsOwnJob() throws Exception {
    KafkaSettings apiKafka = KafkaSettings.from(as("api"));
    Map<String, Object> config = apiKafka.clientConfig();
    config.put("max.block.ms", 20_000);
    // Not idempotent: an idempotent producer is refused one step earlier, at the cluster (no
    // IDEMPOTENT_WRITE), and this checks the topic's ACL.
    config.put("enable.idempotence", false);
    config.put("acks", "1");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>("iotdata", "1", "{}"))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    try (CqlSession api = CassandraSessions.open(CassandraSettings.from(as("api")))) {
      assertThat(count(api, "sensor_data")).isEqualTo(READINGS);
      assertThatThrownBy(
              () ->
                  api.execute(
                      "INSERT INTO iot_keyspace.sensor_data (sensor_id, day, timestamp,"
                          + " temperature) VALUES (1, '2026-01-01', 0, 20.0)"))
          .isInstanceOf(UnauthorizedException.class)
          .hasMessageContaining("MODIFY");
    }
  }

  @Test
  @Order(4)
  void theApiAsksForItsToken() throws Exception {
    int port = FreePorts.take(1).get(0);
    try (IotProcess serve =
        IotProcess.start(ports, dataDir, "serve", "--port", Integer.toString(port))) {
      HttpClient http = HttpClient.newHttpClient();
      URI sensors = URI.create("http://127.0.0.1:" + port + "/api/sensors");
      Awaitility.await("the API listening")
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(
              () ->
                  http.send(
                          HttpRequest.newBuilder(sensors).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .statusCode(),
              status -> status > 0);
      String token = as("api").get("api.token");
      assertThat(
              http.send(
                      HttpRequest.newBuilder(sensors).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(sensors)
                          .header("Authorization", "Bearer " + token)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertNoSecretIn("the command lines of every process", commandLines());
    }
  }

  @Test
  @Order(5)
  void noGeneratedSecretShowsInLogsOrConfig() throws Exception {
    String config = IotProcess.run(ports, dataDir, Duration.ofMinutes(1), "config");
    assertThat(config).contains("******** (set)", "iot_admin");
    assertNoSecretIn("./iot config", config);
    List<Path> logs;
    try (Stream<Path> files = Files.walk(dataDir)) {
      logs =
          files
              .filter(Files::isRegularFile)
              .filter(file -> file.toString().endsWith(".log"))
              .toList();
    }
    assertThat(logs).as("log files of the stack and the pipeline").hasSizeGreaterThan(3);
    for (Path log : logs) {
      assertNoSecretIn(log.toString(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  @Order(6)
  void theDemoRunsOnTheSecureStack() throws Exception {
    int port = FreePorts.take(1).get(0);
    String demo =
        IotProcess.run(
            ports,
            dataDir,
            Duration.ofMinutes(4),
            "demo",
            "--secure",
            "--no-analytics",
            "--sensors",
            "50",
            "--port",
            Integer.toString(port),
            "--duration",
            "30s");
    assertThat(demo).contains("Pipeline up after", "rows stored").doesNotContain("error:");
    assertNoSecretIn("the demo's output", demo);
  }

  private void assertNoSecretIn(String where, String text) throws IOException {
    Map<String, String> passwords =
        read(dataDir.resolve("secrets").resolve("stack-passwords.properties"));
    assertThat(passwords).hasSizeGreaterThan(5);
    passwords.forEach(
        (name, secret) ->
            assertThat(text).as("%s holds the %s secret", where, name).doesNotContain(secret));
  }

  private static String commandLines() throws IOException, InterruptedException {
    Process ps = new ProcessBuilder("ps", "-eww", "-o", "args").redirectErrorStream(true).start();
    String output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ps.waitFor(10, TimeUnit.SECONDS);
    List<String> lines = new ArrayList<>(output.lines().toList());
    assertThat(lines).anyMatch(line -> line.contains("CassandraDaemon"));
    return String.join("\n", lines);
  }
}
