package io.iotpipeline.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN at most once per interval, with a count of what was held back: a flood of bad records or a
 * long outage must not flood the log.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
  }

  void warn(String format, Object... arguments) {
    long now = System.nanoTime();
    long allowed = nextAllowed.get();
    if ((allowed == Long.MIN_VALUE || now - allowed >= 0)
        && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      long held = suppressed.getAndSet(0);
      log.warn(
          held == 0 ? format : format + " (" + held + " similar messages suppressed)", arguments);
    } else {
      suppressed.incrementAndGet();
    }
  }
}
