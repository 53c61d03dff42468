package io.iotpipeline.simulator;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Paces a loop to a fixed number of permits per second against an injected nano clock. Permit n is
 * due at {@code first + n / rate}; the caller sleeps only when more than a millisecond ahead, so
 * high rates are reached in short bursts instead of a sleep per permit, and a caller that fell
 * behind (a blocked producer) catches up. Rate 0 means unlimited. One thread uses it.
 */
public final class RateLimiter {

  /** Sleeps the given nanoseconds; tests replace it with one that advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos);
  }

  private static final long MIN_SLEEP_NANOS = 1_000_000;

  private final double nanosPerPermit;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long firstNanos;
  private long issued;

  public RateLimiter(double permitsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(permitsPerSecond >= 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0, got " + permitsPerSecond);
    }
    this.nanosPerPermit = permitsPerSecond == 0 ? 0 : 1e9 / permitsPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** A limiter on the real clock. */
  public static RateLimiter system(double permitsPerSecond) {
    return new RateLimiter(permitsPerSecond, System::nanoTime, LockSupport::parkNanos);
  }

  public static RateLimiter unlimited() {
    return new RateLimiter(0, () -> 0L, nanos -> {});
  }

  public boolean isUnlimited() {
    return nanosPerPermit == 0;
  }

  /** Waits until the next permit is due. */
  public void acquire() {
    if (nanosPerPermit == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (issued == 0) {
      firstNanos = now;
    }
    long due = firstNanos + (long) (issued * nanosPerPermit);
    issued++;
    long ahead = due - now;
    if (ahead > MIN_SLEEP_NANOS) {
      sleeper.sleep(ahead);
    }
  }
}
