package io.iotpipeline.ingest;

import java.time.Duration;

/** Exponential backoff without jitter: one ingester per box makes no thundering herd. */
final class Backoff {
  private Backoff() {}

  static long delayMillis(Duration initial, Duration max, int attempt) {
    long delay = initial.toMillis() << Math.min(attempt, 20);
    return Math.min(delay, max.toMillis());
  }
}
