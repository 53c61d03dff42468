package io.iotpipeline.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one run generates. Event time is fully determined by these values, never by the wall clock:
 * sensor {@code i} (0-based position) of {@code n} reports at {@code start + k * interval + floor(i
 * * interval / n)} for rounds k = 0, 1, 2, ... So the same seed and start give the same readings at
 * any pacing.
 *
 * @param sensors fleet size; sensor ids are 1..sensors
 * @param interval event time between two readings of one sensor (>= 1 ms)
 * @param start event time of the first round
 * @param end exclusive event-time end, or null for none
 * @param count stop after exactly this many distinct readings, or 0 for no limit
 * @param seed seeds the fleet layout, the noise, the faults and the delivery faults
 * @param readingsPerSecond wall-clock pacing of reading slots; 0 = as fast as possible
 * @param faults sensor fault rates
 * @param delivery duplicate / late delivery rates
 */
public record SimulationOptions(
    int sensors,
    Duration interval,
    Instant start,
    Instant end,
    long count,
    long seed,
    double readingsPerSecond,
    FaultRates faults,
    DeliveryFaultRates delivery) {

  public static final int DEFAULT_SENSORS = 1000;
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  public SimulationOptions {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(delivery, "delivery");
    if (sensors < 1) {
      throw new IllegalArgumentException("sensors must be >= 1, got " + sensors);
    }
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be at least 1ms, got " + interval);
    }
    if (end != null && !end.isAfter(start)) {
      throw new IllegalArgumentException("end " + end + " is not after start " + start);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (!(readingsPerSecond >= 0) || Double.isInfinite(readingsPerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0, got " + readingsPerSecond);
    }
    // Millisecond event times: truncating here keeps what is generated equal to what is stored.
    start = Instant.ofEpochMilli(start.toEpochMilli());
  }

  /** A run of {@code count} readings from {@code start}, unpaced, with default faults. */
  public static SimulationOptions of(int sensors, Instant start, long count, long seed) {
    return new SimulationOptions(
        sensors,
        DEFAULT_INTERVAL,
        start,
        null,
        count,
        seed,
        0,
        FaultRates.DEFAULT,
        DeliveryFaultRates.DEFAULT);
  }

  /**
   * The pacing rule: an explicit rate wins; otherwise simulated time runs {@code speedup} times
   * faster than the wall clock, i.e. {@code sensors / interval * speedup} readings per second
   * (speedup 1 = real time, 1000 sensors at 1 s = 1000 readings/s).
   */
  public static double pacedRate(Double rate, Double speedup, int sensors, Duration interval) {
    if (rate != null) {
      return rate;
    }
    double factor = speedup == null ? 1.0 : speedup;
    if (!(factor > 0)) {
      throw new IllegalArgumentException("speedup must be > 0, got " + factor);
    }
    return sensors * 1000.0 / interval.toMillis() * factor;
  }

  /** How many times faster than real time event time advances at this pacing (0 = unpaced). */
  public double speedup() {
    return readingsPerSecond * interval.toMillis() / (sensors * 1000.0);
  }

  public SimulationOptions withFaults(FaultRates newFaults, DeliveryFaultRates newDelivery) {
    return new SimulationOptions(
        sensors, interval, start, end, count, seed, readingsPerSecond, newFaults, newDelivery);
  }

  public SimulationOptions withEnd(Instant newEnd) {
    return new SimulationOptions(
        sensors, interval, start, newEnd, count, seed, readingsPerSecond, faults, delivery);
  }

  public SimulationOptions withSensors(int newSensors) {
    return new SimulationOptions(
        newSensors, interval, start, end, count, seed, readingsPerSecond, faults, delivery);
  }
}
