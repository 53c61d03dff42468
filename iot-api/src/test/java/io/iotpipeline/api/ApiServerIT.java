package io.iotpipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotpipeline.api.pipeline.PipelineMetricsSource;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JSON endpoints on port 0 against the real stack, with known rows in the class keyspace. */
@WithStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerIT {

  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private ApiServer server;
  private HttpJson http;
  private SeedData seed;
  private int readingsOfSensorOne;

  @BeforeAll
  void seedAndStart(TestStack stack) {
    seed = new SeedData(stack.session());
    for (int sensor = 1; sensor <= 5; sensor++) {
      seed.latest(sensor, NOW.minusSeconds(sensor), 10 + 5 * sensor);
    }
    // One reading a minute over three days and a bit: four day partitions.
    readingsOfSensorOne =
        seed.readings(1, NOW.minus(Duration.ofDays(3)), NOW, Duration.ofMinutes(1));
    seed.hours(1, NOW.minus(Duration.ofDays(3)), NOW);
    seed.minutes(1, NOW.minus(Duration.ofDays(2)), NOW);
    seed.alert(2, NOW.minus(Duration.ofHours(1)), "threshold", 41.0);
    seed.alert(4, NOW.minus(Duration.ofHours(30)), "spike", 12.0);
    seed.alert(2, NOW.minus(Duration.ofDays(2)), "stuck", 0.0);
    ApiConfig config =
        new ApiConfig(
            0,
            "",
            stack.kafka(),
            stack.cassandra(),
            "it-api-ingest",
            1000,
            Duration.ofMillis(250),
            Duration.ofMillis(500));
    server =
        ApiServer.create(
                config,
                "127.0.0.1",
                stack.session(),
                PipelineMetricsSource.NONE,
                Clock.fixed(NOW, ZoneOffset.UTC))
            .start();
    http = new HttpJson(server.url());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void listsEverySensorWithItsLatestReading() {
    JsonNode body = http.get("/api/sensors").json();

    assertThat(body.get("count").asInt()).isEqualTo(5);
    JsonNode third = body.get("sensors").get(2);
    assertThat(third.get("sensor_id").asInt()).isEqualTo(3);
    assertThat(third.get("temperature").asDouble()).isEqualTo(25.0);
    assertThat(third.get("timestamp").asText()).isEqualTo("2026-11-28T11:59:57Z");
  }

  @Test
  void readingsComeNewestFirstAcrossDayPartitions() {
    JsonNode all =
        http.get("/api/sensors/1/readings?from=-3d&to=2026-11-28T12:00:00Z&limit=10000").json();

    assertThat(all.get("count").asInt()).isEqualTo(readingsOfSensorOne).isEqualTo(4321);
    List<Instant> times = new ArrayList<>();
    all.get("readings").forEach(r -> times.add(Instant.parse(r.get("timestamp").asText())));
    assertThat(times.get(0)).isEqualTo(NOW);
    assertThat(times.get(times.size() - 1)).isEqualTo(NOW.minus(Duration.ofDays(3)));
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i)).isBefore(times.get(i - 1));
    }
    assertThat(all.get("next").isNull()).isTrue();
  }

  @Test
  void aLimitedReadGivesTheNextPageWhichContinuesWithoutOverlap() {
    JsonNode first = http.get("/api/sensors/1/readings?from=-1d&limit=100").json();
    assertThat(first.get("count").asInt()).isEqualTo(100);
    String next = first.get("next").asText();

    JsonNode second = http.get("/api/sensors/1/readings?" + next).json();

    Instant lastOfFirst = Instant.parse(first.get("readings").get(99).get("timestamp").asText());
    Instant firstOfSecond = Instant.parse(second.get("readings").get(0).get("timestamp").asText());
    assertThat(firstOfSecond).isEqualTo(lastOfFirst.minus(Duration.ofMinutes(1)));
    assertThat(second.get("count").asInt()).isEqualTo(100);
  }

  @Test
  void anHourIsRawAndThreeDaysComeFromTheHourRollup() {
    JsonNode hour = http.get("/api/sensors/1/series?from=-1h").json();
    assertThat(hour.get("resolution").asText()).isEqualTo("raw");
    assertThat(hour.get("count").asInt()).isEqualTo(61);
    assertThat(hour.get("t").get(0).asLong()).isLessThan(hour.get("t").get(60).asLong());

    JsonNode days = http.get("/api/sensors/1/series?from=-3d").json();
    assertThat(days.get("resolution").asText()).isEqualTo("hour");
    assertThat(days.get("count").asInt()).isEqualTo(73);
    assertThat(days.get("temperature_max").get(0).asDouble()).isEqualTo(24.0);
  }

  @Test
  void anEmptyRollupFallsBackToAFinerOneInAutomaticModeOnly() {
    JsonNode auto = http.get("/api/sensors/1/series?from=-300d").json();
    assertThat(auto.get("resolution").asText()).isEqualTo("hour");
    assertThat(auto.get("fallback").asBoolean()).isTrue();
    assertThat(auto.get("count").asInt()).isEqualTo(73);

    JsonNode explicit = http.get("/api/sensors/1/series?from=-300d&resolution=day").json();
    assertThat(explicit.get("resolution").asText()).isEqualTo("day");
    assertThat(explicit.get("count").asInt()).isZero();
  }

  @Test
  void anExplicitResolutionIsCappedAtTheNewestMaxPointsAcrossDayPartitions() {
    JsonNode minutes = http.get("/api/sensors/1/series?from=-3d&resolution=minute").json();

    assertThat(minutes.get("resolution").asText()).isEqualTo("minute");
    assertThat(minutes.get("count").asInt()).isEqualTo(1000);
    assertThat(minutes.get("truncated").asBoolean()).isTrue();
    JsonNode t = minutes.get("t");
    assertThat(t.get(999).asLong()).isEqualTo(NOW.toEpochMilli());
    assertThat(t.get(0).asLong()).isEqualTo(NOW.minus(Duration.ofMinutes(999)).toEpochMilli());
  }

  @Test
  void aDayChartReadsItsNewestMinutesEveryTimeAndKeepsSettledOnesInMemory() {
    seed.minutes(3, NOW.minus(Duration.ofHours(16)), NOW); // two day partitions
    String chart = "/api/sensors/3/series?from=-16h&resolution=minute";
    JsonNode first = http.get(chart).json();
    assertThat(first.get("count").asInt()).isEqualTo(961);
    double hitsBefore = cacheLookups("hit");

    // The streaming job rewrites a window of two minutes ago (still open to late readings) and,
    // say a batch re-run, one of six hours ago (settled: served from memory for up to the TTL).
    seed.minute(3, NOW.minus(Duration.ofMinutes(2)), 7);
    seed.minute(3, NOW.minus(Duration.ofHours(6)), 7);
    JsonNode second = http.get(chart).json();

    assertThat(second.get("count").asInt()).isEqualTo(961);
    assertThat(readingsAt(second, NOW.minus(Duration.ofMinutes(2)))).isEqualTo(7);
    assertThat(readingsAt(second, NOW.minus(Duration.ofHours(6)))).isEqualTo(1);
    assertThat(readingsAt(second, NOW.minus(Duration.ofHours(16)))).isEqualTo(1);
    assertThat(cacheLookups("hit")).isGreaterThanOrEqualTo(hitsBefore + 2); // both day partitions
  }

  private static long readingsAt(JsonNode series, Instant window) {
    JsonNode t = series.get("t");
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).asLong() == window.toEpochMilli()) {
        return series.get("readings").get(i).asLong();
      }
    }
    throw new AssertionError("no point at " + window);
  }

  private double cacheLookups(String result) {
    String prefix = "iot_api_series_cache_lookups_total{result=\"" + result + "\"} ";
    return http.get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in /metrics"));
  }

  @Test
  void alertsOfTheFleetAndOfOneSensorNewestFirst() {
    JsonNode fleet = http.get("/api/alerts?since=-3d").json();
    assertThat(fleet.get("alerts")).hasSize(3);
    assertThat(fleet.get("alerts").get(0).get("rule").asText()).isEqualTo("threshold");
    assertThat(fleet.get("alerts").get(1).get("sensor_id").asInt()).isEqualTo(4);

    JsonNode recent = http.get("/api/alerts").json();
    assertThat(recent.get("alerts")).hasSize(1);

    JsonNode two = http.get("/api/alerts?since=-3d&sensor=2").json();
    assertThat(two.get("alerts"))
        .extracting(a -> a.get("rule").asText())
        .containsExactly("threshold", "stuck");
  }

  @Test
  void badParametersGet4xxJsonNever500() {
    String[][] cases = {
      {"/api/sensors/999/readings", "404", "unknown sensor 999"},
      {"/api/sensors/999/series", "404", "unknown sensor"},
      {"/api/sensors/999", "404", "unknown sensor"},
      {"/api/alerts?sensor=999", "404", "unknown sensor"},
      {"/api/sensors/abc/readings", "400", "sensor id"},
      {"/api/sensors/1/readings?from=yesterday", "400", "from must be"},
      {"/api/sensors/1/readings?from=2026-11-28&to=2026-11-27", "400", "is after"},
      {"/api/sensors/1/readings?limit=1000000", "400", "limit"},
      {"/api/sensors/1/readings?limit=0", "400", "limit"},
      {"/api/sensors/1/readings?from=2000-01-01", "400", "range too long"},
      {"/api/sensors/1/series?resolution=week", "400", "resolution"},
      {"/api/alerts?since=1e9", "400", "since must be"},
      {"/api/nothing-here", "404", "not found"},
    };
    for (String[] c : cases) {
      HttpJson.Response response = http.get(c[0]);
      assertThat(response.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      JsonNode body = response.json();
      assertThat(body.get("status").asInt()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      assertThat(body.get("error").asText()).as(c[0]).contains(c[2]);
    }
  }

  @Test
  void healthReportsBothStoresUp() {
    HttpJson.Response response = http.get("/health");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("UP");
    assertThat(response.json().at("/cassandra/up").asBoolean()).isTrue();
  }

  @Test
  void metricsArePrometheusTextWithRequestsAndPipelineGauges() {
    http.get("/api/sensors");

    HttpJson.Response response = http.get("/metrics");

    assertThat(response.raw().headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/plain");
    assertThat(response.body())
        .contains("# TYPE iot_api_requests_total counter")
        .containsPattern("iot_api_requests_total\\{route=\"/api/sensors\",status=\"200\"\\} \\d+")
        .contains("iot_sensors 5\n")
        .contains("iot_kafka_ingest_lag ");
  }

  @Test
  void theDashboardAndItsChartLibraryAreServedFromTheJar() {
    HttpJson.Response index = http.get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).contains("<title>iot-pipeline");
    java.util.regex.Matcher scripts =
        java.util.regex.Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(index.body());
    int checked = 0;
    while (scripts.find()) {
      assertThat(http.get(scripts.group(1)).status()).as(scripts.group(1)).isEqualTo(200);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
    assertThat(index.body()).doesNotContain("https://");
  }
}
