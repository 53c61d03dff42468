package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end, headless: the real simulator, ingester, Spark streaming job (child JVM) and
 * API against the test stack, for a bounded time. Everything the dashboard needs must arrive: raw
 * rows, minute aggregates and alerts in Cassandra, served by the API.
 */
@WithStack
class DemoIT {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aHeadlessDemoDeliversRowsMinuteAggregatesAndAlertsThroughTheApi(TestStack stack)
      throws Exception {
    int port = freePort();
    String api = "http://127.0.0.1:" + port;
    List<String> args =
        new ArrayList<>(
            List.of(
                "demo",
                "--external",
                "--sensors",
                "500",
                "--duration",
                "150s",
                "--refresh",
                "5s",
                "--port",
                Integer.toString(port)));
    IotProcess.clientSettings(stack)
        .forEach((key, value) -> args.addAll(List.of("-D", key + "=" + value)));
    args.addAll(
        List.of(
            "-D",
            "data-dir=" + Path.of("target", "demo-it-" + UUID.randomUUID()).toAbsolutePath()));
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exitCode =
          runner.submit(() -> IotCommand.commandLine().execute(args.toArray(String[]::new)));

      await("raw rows for the whole fleet, served by the API")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(get(api + "/api/sensors").path("sensors").size()).isEqualTo(500));
      await("minute aggregates from Spark")
          .atMost(Duration.ofSeconds(140))
          .pollInterval(Duration.ofSeconds(5))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(stack.count("sensor_agg_minute")).isPositive());
      await("alerts from Spark, served by the API")
          .atMost(Duration.ofSeconds(140))
          .pollInterval(Duration.ofSeconds(5))
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(get(api + "/api/alerts").path("alerts").size()).isPositive());
      JsonNode series = get(api + "/api/sensors/1/series?resolution=minute");
      assertThat(series.path("resolution").asText()).isEqualTo("minute");
      assertThat(series.path("count").asInt()).isPositive();
      assertThat(stack.count("sensor_data")).isPositive();

      assertThat(exitCode.get(3, TimeUnit.MINUTES)).isZero();
    } finally {
      runner.shutdownNow();
    }
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
