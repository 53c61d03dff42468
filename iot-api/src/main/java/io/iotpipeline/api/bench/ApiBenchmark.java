package io.iotpipeline.api.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Read latency of a running API server, one client in a closed loop (each request waits for the
 * previous answer): what one dashboard user sees. Measures the whole HTTP round trip including
 * JSON, so the figures are what {@code curl} would see on the same host.
 */
public final class ApiBenchmark {

  /** One endpoint to measure. */
  public record Target(String name, String path) {
    public Target {
      Objects.requireNonNull(name, "name");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with /: " + path);
      }
    }
  }

  /** Latencies in milliseconds; {@code errors} counts non-200 answers (not in the percentiles). */
  public record Result(String name, long requests, long errors, double p50Millis, double p99Millis,
      double maxMillis, double requestsPerSecond) {}

  private static final long MAX_TRACKED_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final String baseUrl;
  private final String token;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** @param token the API token, or null/empty when the server has none */
  public ApiBenchmark(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token == null ? "" : token;
  }

  /** The two reads the issue sets goals for, plus a raw page: for a sensor that has data. */
  public static List<Target> standardTargets(int sensorId) {
    return List.of(
        new Target("latest, whole fleet (/api/sensors)", "/api/sensors"),
        new Target("one day of one sensor, chart (series?from=-1d)",
            "/api/sensors/" + sensorId + "/series?from=-1d"),
        new Target("one day of one sensor, newest 1000 raw (readings?from=-1d)",
            "/api/sensors/" + sensorId + "/readings?from=-1d&limit=1000"));
  }

  public List<Result> run(List<Target> targets, Duration warmup, Duration measure)
      throws IOException, InterruptedException {
    List<Result> results = new ArrayList<>();
    for (Target target : targets) {
      loop(target, warmup, null);
      Histogram histogram = new Histogram(MAX_TRACKED_NANOS, 3);
      long[] errors = new long[1];
      long began = System.nanoTime();
      loop(target, measure, new Recording(histogram, errors));
      double seconds = (System.nanoTime() - began) / 1e9;
      results.add(new Result(target.name(), histogram.getTotalCount() + errors[0], errors[0],
          millis(histogram, 50), millis(histogram, 99), histogram.getMaxValue() / 1e6,
          histogram.getTotalCount() / seconds));
    }
    return results;
  }

  private record Recording(Histogram histogram, long[] errors) {}

  private void loop(Target target, Duration length, Recording recording)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + target.path()))
        .timeout(Duration.ofSeconds(30)).GET();
    if (!token.isEmpty()) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.build();
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long elapsed = System.nanoTime() - start;
      if (recording == null) {
        continue;
      }
      if (response.statusCode() == 200) {
        recording.histogram().recordValue(Math.min(elapsed, MAX_TRACKED_NANOS));
      } else {
        recording.errors()[0]++;
      }
    }
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1e6;
  }
}
