package io.iotpipeline.bench.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
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
  public record Result(
      String name,
      long requests,
      long errors,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      double requestsPerSecond) {}

  private static final long MAX_TRACKED_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final String baseUrl;
  private final String token;
  private final byte[] buffer = new byte[64 * 1024];

  /**
   * @param token the API token, or null/empty when the server has none
   */
  public ApiBenchmark(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token == null ? "" : token;
  }

  /** The two reads the issue sets goals for, plus a raw page: for a sensor that has data. */
  public static List<Target> standardTargets(int sensorId) {
    return List.of(
        new Target("latest, whole fleet (/api/sensors)", "/api/sensors"),
        new Target(
            "one day of one sensor, chart (series?from=-1d)",
            "/api/sensors/" + sensorId + "/series?from=-1d"),
        new Target(
            "one day of one sensor, newest 1000 raw (readings?from=-1d)",
            "/api/sensors/" + sensorId + "/readings?from=-1d&limit=1000"));
  }

  public List<Result> run(List<Target> targets, Duration warmup, Duration measure)
      throws IOException {
    List<Result> results = new ArrayList<>();
    for (Target target : targets) {
      loop(target, warmup, null);
      Histogram histogram = new Histogram(MAX_TRACKED_NANOS, 3);
      long[] errors = new long[1];
      long began = System.nanoTime();
      loop(target, measure, new Recording(histogram, errors));
      double seconds = (System.nanoTime() - began) / 1e9;
      results.add(
          new Result(
              target.name(),
              histogram.getTotalCount() + errors[0],
              errors[0],
              millis(histogram, 50),
              millis(histogram, 99),
              histogram.getMaxValue() / 1e6,
              histogram.getTotalCount() / seconds));
    }
    return results;
  }

  private record Recording(Histogram histogram, long[] errors) {}

  private void loop(Target target, Duration length, Recording recording) throws IOException {
    URL url = URI.create(baseUrl + target.path()).toURL();
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      int status = get(url);
      long elapsed = System.nanoTime() - start;
      if (recording == null) {
        continue;
      }
      if (status == 200) {
        recording.histogram().recordValue(Math.min(elapsed, MAX_TRACKED_NANOS));
      } else {
        recording.errors()[0]++;
      }
    }
  }

  /**
   * One GET on the calling thread, the whole body read (and dropped): a blocking keep-alive
   * connection, as curl or a browser's fetch uses, so the client adds no thread hand-offs of its
   * own to the figure (the JDK's asynchronous HttpClient takes two or three per request).
   */
  private int get(URL url) throws IOException {
    HttpURLConnection connection = connect(url, token);
    int status = connection.getResponseCode();
    // Reading the body to its end (and closing the stream) returns the connection for reuse.
    try (InputStream body =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      if (body != null) {
        while (body.read(buffer) >= 0) {
          // drop it
        }
      }
    }
    return status;
  }

  /** A connection to {@code url} with the bench's timeouts and the API token, if there is one. */
  static HttpURLConnection connect(URL url, String token) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(30_000);
    if (token != null && !token.isEmpty()) {
      connection.setRequestProperty("Authorization", "Bearer " + token);
    }
    return connection;
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1e6;
  }
}
