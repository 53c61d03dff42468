package io.iotpipeline.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counts and total time per route and status, for {@code /metrics}. */
public final class RequestMetrics {

  /** Route and status of a group of requests. */
  public record Key(String route, int status) {}

  private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<Key, LongAdder> nanos = new ConcurrentHashMap<>();

  public void record(String route, int status, long elapsedNanos) {
    Key key = new Key(route, status);
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    nanos.computeIfAbsent(key, k -> new LongAdder()).add(elapsedNanos);
  }

  /** Prometheus label set to count. */
  public Map<String, Double> counts() {
    return labelled(counts, 1);
  }

  /** Prometheus label set to total seconds. */
  public Map<String, Double> seconds() {
    return labelled(nanos, 1e-9);
  }

  private static Map<String, Double> labelled(Map<Key, LongAdder> values, double scale) {
    Map<String, Double> labelled = new TreeMap<>();
    values.forEach(
        (key, adder) ->
            labelled.put(
                "{route=\""
                    + key.route().replace("\"", "'")
                    + "\",status=\""
                    + key.status()
                    + "\"}",
                adder.sum() * scale));
    return labelled;
  }
}
