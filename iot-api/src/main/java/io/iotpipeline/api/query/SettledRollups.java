package io.iotpipeline.api.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The settled windows of recently charted rollup partitions: a chart of the last day then reads
 * only its newest minutes from Cassandra, not the 1,440 rows of the whole day, every time it
 * refreshes. A window is settled when it started before a horizon the caller sets (for minutes:
 * well behind the streaming job's watermark). Entries live for {@code ttl}, so windows rewritten
 * later (a lagging stream catching up, a batch re-run) show within that time; the least recently
 * used partitions are dropped beyond {@code capacity}. Concurrent misses of one partition share one
 * read; a failed read is not kept.
 */
public final class SettledRollups {

  /** One rollup partition of one sensor: the partition key is a day, a month or a year. */
  record Key(Resolution resolution, int sensorId, Object partition) {}

  /** The partition's windows that started before {@code settledBefore}, newest first. */
  record Entry(List<SeriesPoint> newestFirst, Instant settledBefore, long loadedAtNanos) {

    Entry {
      newestFirst = List.copyOf(newestFirst);
    }

    /** Up to {@code wanted} cached points with {@code from <= t <= to}, newest first. */
    List<SeriesPoint> within(Instant from, Instant to, int wanted) {
      long lower = from.toEpochMilli();
      long upper = to.toEpochMilli();
      List<SeriesPoint> points = new ArrayList<>();
      for (SeriesPoint point : newestFirst) {
        if (points.size() >= wanted || point.t() < lower) {
          break;
        }
        if (point.t() <= upper) {
          points.add(point);
        }
      }
      return points;
    }
  }

  private final int capacity;
  private final long ttlNanos;
  private final LongSupplier nanos;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final Map<Key, CompletableFuture<Entry>> entries;

  /**
   * @param capacity partitions kept at most; 0 turns caching off (every read goes to Cassandra)
   */
  public SettledRollups(int capacity, Duration ttl, LongSupplier nanos) {
    if (capacity < 0 || ttl.isNegative()) {
      throw new IllegalArgumentException("capacity and ttl must not be negative");
    }
    this.capacity = capacity;
    this.ttlNanos = ttl.toNanos();
    this.nanos = nanos;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<Entry>> eldest) {
            return size() > capacity;
          }
        };
  }

  public boolean enabled() {
    return capacity > 0;
  }

  /**
   * The settled part of a partition: cached, or read with {@code loader} (given the horizon: read
   * the windows that started before it, newest first).
   */
  CompletableFuture<Entry> get(
      Key key, Instant horizon, Function<Instant, CompletableFuture<List<SeriesPoint>>> loader) {
    CompletableFuture<Entry> entry;
    synchronized (entries) {
      entry = entries.get(key);
      if (entry != null
          && (!entry.isDone() || (!entry.isCompletedExceptionally() && live(entry.join())))) {
        hits.increment();
        return entry;
      }
      misses.increment();
      long started = nanos.getAsLong();
      entry = loader.apply(horizon).thenApply(points -> new Entry(points, horizon, started));
      if (capacity > 0) {
        entries.put(key, entry);
      }
    }
    CompletableFuture<Entry> loading = entry;
    loading.whenComplete(
        (loaded, error) -> {
          if (error != null) {
            synchronized (entries) {
              entries.remove(key, loading);
            }
          }
        });
    return loading;
  }

  private boolean live(Entry entry) {
    return nanos.getAsLong() - entry.loadedAtNanos() <= ttlNanos;
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }
}
