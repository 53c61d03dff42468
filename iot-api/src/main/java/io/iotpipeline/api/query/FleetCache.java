package io.iotpipeline.api.query;

import io.iotpipeline.api.query.Records.LatestReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's latest readings, read from Cassandra at most once per {@code maxAge} however many
 * dashboards ask. A snapshot older than {@code maxAge} is still served while one background refresh
 * runs (stale-while-revalidate), so no request waits for the full-table read except the first after
 * a long idle period (older than {@code 10 x maxAge}). The live stream carries changes between
 * snapshots, so a one-second-old fleet is what the dashboard shows anyway. Each snapshot is
 * rendered once, by the thread that loads it: requests only copy its bytes.
 */
public final class FleetCache implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetCache.class);

  /** Renders a snapshot for the wire (the fleet endpoint's body). */
  @FunctionalInterface
  public interface Renderer {
    byte[] render(List<LatestReading> sensors, Instant asOf);
  }

  /** One read of the fleet, when it started, and its rendering. */
  public record Snapshot(
      List<LatestReading> sensors,
      Map<Integer, LatestReading> byId,
      Instant asOf,
      long loadedAtNanos,
      byte[] rendered) {

    static Snapshot of(
        List<LatestReading> sensors, Instant asOf, long loadedAtNanos, Renderer renderer) {
      Map<Integer, LatestReading> byId = new HashMap<>();
      sensors.forEach(reading -> byId.put(reading.sensorId(), reading));
      List<LatestReading> copy = List.copyOf(sensors);
      return new Snapshot(copy, Map.copyOf(byId), asOf, loadedAtNanos, renderer.render(copy, asOf));
    }

    public Optional<LatestReading> find(int sensorId) {
      return Optional.ofNullable(byId.get(sensorId));
    }
  }

  private final Supplier<List<LatestReading>> loader;
  private final Renderer renderer;
  private final Clock clock;
  private final LongSupplier nanos;
  private final long maxAgeNanos;
  private final ExecutorService refresher;
  private volatile Snapshot current;
  private boolean refreshing;

  public FleetCache(
      Supplier<List<LatestReading>> loader,
      Renderer renderer,
      Duration maxAge,
      Clock clock,
      LongSupplier nanos) {
    this.loader = loader;
    this.renderer = renderer;
    this.clock = clock;
    this.nanos = nanos;
    this.maxAgeNanos = maxAge.toNanos();
    this.refresher =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "fleet-refresh");
              thread.setDaemon(true);
              return thread;
            });
  }

  public Snapshot get() {
    Snapshot snapshot = current;
    long now = nanos.getAsLong();
    if (snapshot != null && now - snapshot.loadedAtNanos() <= maxAgeNanos) {
      return snapshot;
    }
    if (snapshot != null && now - snapshot.loadedAtNanos() <= 10 * maxAgeNanos) {
      refreshInBackground();
      return snapshot;
    }
    return load();
  }

  private synchronized Snapshot load() {
    Snapshot snapshot = current;
    // Another caller may have loaded while this one waited for the lock.
    if (snapshot != null && nanos.getAsLong() - snapshot.loadedAtNanos() <= maxAgeNanos) {
      return snapshot;
    }
    long startedNanos = nanos.getAsLong();
    Instant asOf = clock.instant();
    Snapshot loaded = Snapshot.of(loader.get(), asOf, startedNanos, renderer);
    current = loaded;
    return loaded;
  }

  private void refreshInBackground() {
    synchronized (this) {
      if (refreshing) {
        return;
      }
      refreshing = true;
    }
    try {
      refresher.execute(
          () -> {
            try {
              load();
            } catch (RuntimeException e) {
              // The stale snapshot keeps being served; the next request tries again.
              log.warn("Fleet refresh failed: {}", e.toString());
            } finally {
              synchronized (this) {
                refreshing = false;
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      synchronized (this) {
        refreshing = false;
      }
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
