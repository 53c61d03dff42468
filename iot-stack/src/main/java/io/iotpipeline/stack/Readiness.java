package io.iotpipeline.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a readiness check until it passes, the process dies, or the deadline passes. */
final class Readiness {
  private Readiness() {}

  static void await(
      String name,
      ProcessHandle process,
      Instant deadline,
      BooleanSupplier check,
      Duration interval) {
    while (true) {
      if (!process.isAlive()) {
        throw new ServiceFailedException(name, name + " exited during start-up");
      }
      if (check.getAsBoolean()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ServiceFailedException(name, name + " did not become ready in time");
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceFailedException(name, "interrupted while waiting for " + name);
      }
    }
  }

  /** Start-up failed; the stack adds the tail of the service's log to the message. */
  static final class ServiceFailedException extends StackException {
    final String service;

    ServiceFailedException(String service, String message) {
      super(message);
      this.service = service;
    }
  }
}
