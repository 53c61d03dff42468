package io.iotpipeline.chaos;

import java.time.Duration;
import java.util.List;

/**
 * What a chaos run does (the defaults are those of {@code ./iot chaos}, which a user reads in its
 * help).
 *
 * @param readings readings of the workload, each with a unique (sensor_id, timestamp)
 * @param rate readings per second the workload is sent at
 * @param sensors sensors the readings are spread over
 * @param faults the kinds of fault to inject, each at least once
 * @param every time from one fault's start to the next one's (the first comes after this long)
 * @param pause how long a paused (SIGSTOPped) process stays paused
 * @param seed seeds the order of faults, the readings' values and the hostile messages
 * @param withStream also run the Spark streaming job and check its minute aggregates
 * @param fuzzMessages hostile messages per fuzz fault
 * @param drainTimeout longest wait, after the last fault, for the pipeline to catch up
 */
public record ChaosOptions(
    long readings,
    int rate,
    int sensors,
    List<Fault> faults,
    Duration every,
    Duration pause,
    long seed,
    boolean withStream,
    int fuzzMessages,
    Duration drainTimeout) {

  public ChaosOptions {
    faults = List.copyOf(faults);
    if (readings < 1 || readings > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--readings must be between 1 and " + Integer.MAX_VALUE);
    }
    if (rate < 1) {
      throw new IllegalArgumentException("--rate must be >= 1 reading/s");
    }
    if (sensors < 1) {
      throw new IllegalArgumentException("--sensors must be >= 1");
    }
    if (faults.isEmpty()) {
      throw new IllegalArgumentException("no fault to inject");
    }
    if (!withStream && faults.contains(Fault.KILL_STREAM)) {
      throw new IllegalArgumentException(
          "kill-stream needs --with-stream (no streaming job runs without it)");
    }
    if (every.isNegative() || every.isZero() || pause.isNegative() || drainTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "--every, the pause and the drain timeout must be positive");
    }
    if (fuzzMessages < 1) {
      throw new IllegalArgumentException("a fuzz fault sends at least one message");
    }
  }
}
