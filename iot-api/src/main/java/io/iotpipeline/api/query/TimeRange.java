package io.iotpipeline.api.query;

import io.iotpipeline.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A closed interval of event time, {@code from <= to}. */
public record TimeRange(Instant from, Instant to) {

  public TimeRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isAfter(to)) {
      throw ApiException.badRequest("from (" + from + ") is after to (" + to + ")");
    }
  }

  public Duration length() {
    return Duration.between(from, to);
  }

  /** The same range ending just before {@code instant}: the next page of a newest-first read. */
  public TimeRange before(Instant instant) {
    Instant newTo = instant.minusMillis(1);
    return new TimeRange(from, newTo.isBefore(from) ? from : newTo);
  }
}
