package io.iotpipeline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.testkit.FreePorts;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user gets it: unpacked outside the source tree, run by its own {@code bin/iot}
 * with an empty home (so no ~/.m2 to fall back on), it simulates readings into the test stack's
 * Kafka, ingests them into Cassandra and serves them over HTTP.
 */
@WithStack
class DistributionIT {

  private static final int SENSORS = 5;

  /** A whole number of rounds: every sensor sends the same number of readings. */
  private static final int READINGS = 100;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theUnpackedTarballSimulatesIngestsAndServesWithOnlyAJre(TestStack stack, @TempDir Path temp)
      throws Exception {
    UnpackedDistribution dist = UnpackedDistribution.unpack(tarball(), temp);
    Path sourceTree = Path.of("..").toAbsolutePath().normalize();
    assertThat(dist.home().startsWith(sourceTree)).as("unpacked outside the source tree").isFalse();
    assertThat(dist.libraryFiles())
        .isNotEmpty()
        .noneMatch(Files::isSymbolicLink)
        .allMatch(Files::isRegularFile)
        .anyMatch(jar -> jar.getFileName().toString().startsWith("iot-cli-"));
    assertThat(dist.classpathListsInLib()).as("classpath lists naming ~/.m2 jars").isEmpty();
    Path config = dist.writeConfig(stack.settings());

    try (DistributionProcess simulate =
        dist.start(
            "simulate",
            "--config",
            config.toString(),
            "--sensors",
            Integer.toString(SENSORS),
            "--count",
            Integer.toString(READINGS),
            "--rate",
            "0",
            "--no-faults",
            "--start",
            "now-1h")) {
      simulate.awaitExit(Duration.ofMinutes(2));
      assertThat(simulate.classpath()).allSatisfy(dist::requireInLib);
    }

    try (DistributionProcess ingest =
        dist.start(
            "ingest",
            "--config",
            config.toString(),
            "--group",
            "it-dist-" + UUID.randomUUID(),
            "--max-records",
            Integer.toString(READINGS),
            "--idle-stop",
            "60s")) {
      ingest.awaitExit(Duration.ofMinutes(3));
      assertThat(ingest.classpath()).allSatisfy(dist::requireInLib);
    }
    assertThat(stack.count("sensor_data")).isEqualTo(READINGS);

    int port = FreePorts.take(1).get(0);
    try (DistributionProcess serve =
        dist.start("serve", "--config", config.toString(), "--port", Integer.toString(port))) {
      serve.awaitOutput("Serving http://", Duration.ofMinutes(2));
      assertThat(serve.classpath()).allSatisfy(dist::requireInLib);

      JsonNode readings =
          get("http://127.0.0.1:" + port + "/api/sensors/1/readings?from=-1d&limit=1000");
      assertThat(readings.path("count").asInt())
          .isEqualTo(storedRowsOfSensor(stack, 1))
          .isEqualTo(READINGS / SENSORS);
      assertThat(readings.path("readings").size()).isEqualTo(READINGS / SENSORS);
    }
  }

  private static Path tarball() {
    Path tarball = Path.of(System.getProperty("iot.dist.tarball", "target/missing.tar.gz"));
    assertThat(tarball).as("built at package (mvn verify builds it first)").isRegularFile();
    return tarball;
  }

  /** Read back with the driver: a full scan, fine for a test's hundred rows. */
  private static int storedRowsOfSensor(TestStack stack, int sensorId) {
    List<Row> rows =
        stack
            .session()
            .execute("SELECT sensor_id FROM " + stack.cassandra().keyspace() + ".sensor_data")
            .all();
    return Math.toIntExact(
        rows.stream().filter(row -> row.getInt("sensor_id") == sensorId).count());
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
