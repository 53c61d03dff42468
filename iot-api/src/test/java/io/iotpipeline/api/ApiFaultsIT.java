package io.iotpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.api.pipeline.PipelineMetricsSource;
import io.iotpipeline.testkit.PrivateCassandraNode;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API while its Cassandra node is crashed (SIGKILL) or hung (SIGSTOP): every read answers 503
 * with a JSON body (no hang, no 500), {@code /health} says 503, and reads work again once the node
 * is back. The node is this class's own ({@link PrivateCassandraNode}); Kafka is the shared one.
 */
@WithStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFaultsIT {

  private static final String READINGS = "/api/sensors/1/readings?from=-1h&limit=100";
  private PrivateCassandraNode node;
  private CqlSession session;
  private ApiServer server;
  private HttpJson http;

  @BeforeAll
  void start(TestStack stack) {
    node = PrivateCassandraNode.launch("api_faults_it", Map.of());
    session = node.openSession();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SeedData seed = new SeedData(session);
    seed.latest(1, now, 21.0);
    seed.readings(1, now.minus(Duration.ofMinutes(30)), now, Duration.ofMinutes(1));
    ApiConfig config =
        new ApiConfig(
            0,
            "",
            stack.kafka(),
            node.cassandra(),
            "it-api-faults",
            1000,
            Duration.ofMillis(250),
            Duration.ofMillis(500));
    server =
        ApiServer.create(
                config, "127.0.0.1", session, PipelineMetricsSource.NONE, Clock.systemUTC())
            .start();
    http = new HttpJson(server.url());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (session != null) {
      session.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void answers503WithAJsonBodyWhileTheNodeIsDownAndRecoversAfterItsRestart() {
    assertThat(http.get(READINGS).status()).isEqualTo(200);

    node.kill();
    HttpJson.Response down = http.get(READINGS);
    assertUnavailable(down);
    HttpJson.Response health = http.get("/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().get("cassandra").get("up").asBoolean()).isFalse();

    node.restart();
    awaitRecovered();
  }

  @Test
  void aHungNodeGets503WithinTheRequestTimeoutInsteadOfAHang() {
    assertThat(http.get(READINGS).status()).isEqualTo(200);

    node.pause();
    try {
      long began = System.nanoTime();
      HttpJson.Response hung = http.get(READINGS);
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertUnavailable(hung);
      assertThat(took)
          .as("answered within the driver's request timeout and a margin")
          .isLessThan(node.cassandra().requestTimeout().plusSeconds(5));
      assertThat(http.get("/health").status()).isEqualTo(503);
    } finally {
      node.resume();
    }
    awaitRecovered();
  }

  private static void assertUnavailable(HttpJson.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(503);
    assertThat(response.json().get("status").asInt()).isEqualTo(503);
    assertThat(response.json().get("error").asText()).contains("Cassandra");
  }

  private void awaitRecovered() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(http.get(READINGS).status()).isEqualTo(200);
              assertThat(http.get("/health").status()).isEqualTo(200);
            });
    assertThat(http.get(READINGS).json().get("count").asInt()).isEqualTo(31);
  }
}
