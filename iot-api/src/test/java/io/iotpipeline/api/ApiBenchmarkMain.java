package io.iotpipeline.api;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.api.bench.ApiBenchmark;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ApiBenchmark} against a running server and prints a Markdown table row per
 * endpoint (for BENCHMARKS.md until {@code ./iot bench} wires it).
 * Arguments: base URL, sensor id, measure seconds per endpoint, and optionally a keyspace in
 * which to first write a day of minute rollups for that sensor (what the analytics would have
 * written), so that the chart read measures the minute table rather than its raw fallback.
 */
public final class ApiBenchmarkMain {
  private ApiBenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/";
    int sensor = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    if (args.length > 3) {
      CassandraSettings cassandra = CassandraSettings.from(Settings.load(null, System.getenv(),
          Map.of("cassandra.keyspace", args[3])));
      try (CqlSession session = CassandraSessions.openInKeyspace(cassandra)) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        new SeedData(session).minutes(sensor, now.minus(Duration.ofDays(1)), now);
      }
    }
    List<ApiBenchmark.Result> results = new ApiBenchmark(url, System.getenv("IOT_API_TOKEN"))
        .run(ApiBenchmark.standardTargets(sensor), Duration.ofSeconds(3), Duration.ofSeconds(seconds));
    for (ApiBenchmark.Result r : results) {
      System.out.printf("| %s | %d | %d | %.2f | %.2f | %.2f | %.0f |%n", r.name(), r.requests(),
          r.errors(), r.p50Millis(), r.p99Millis(), r.maxMillis(), r.requestsPerSecond());
    }
  }
}
