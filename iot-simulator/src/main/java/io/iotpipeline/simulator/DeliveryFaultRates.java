package io.iotpipeline.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults of the transport rather than the sensor, as fractions of readings.
 *
 * @param duplicate probability that a reading is sent twice (identical bytes, back to back), as a
 *     producer retry without idempotence would do
 * @param late probability that a reading is held back and sent after later readings
 * @param maxLateness how far (in event time) a late reading can fall behind; it always falls more
 *     than one interval behind, so it arrives after its sensor's next reading
 */
public record DeliveryFaultRates(double duplicate, double late, Duration maxLateness) {

  public static final DeliveryFaultRates NONE =
      new DeliveryFaultRates(0, 0, Duration.ofSeconds(30));
  public static final DeliveryFaultRates DEFAULT =
      new DeliveryFaultRates(0.001, 0.001, Duration.ofSeconds(30));

  public DeliveryFaultRates {
    Objects.requireNonNull(maxLateness, "maxLateness");
    if (!(duplicate >= 0 && duplicate <= 1)) {
      throw new IllegalArgumentException("duplicate rate must be in [0, 1], got " + duplicate);
    }
    if (!(late >= 0 && late <= 1)) {
      throw new IllegalArgumentException("late rate must be in [0, 1], got " + late);
    }
    if (maxLateness.isNegative() || maxLateness.isZero()) {
      throw new IllegalArgumentException("max lateness must be positive, got " + maxLateness);
    }
  }
}
