package io.iotpipeline.simulator;

import java.util.SplittableRandom;

/**
 * Seeded duplicate / late decisions. It has its own random stream so that switching delivery faults
 * on or off never changes the readings themselves. One generation thread owns it.
 */
final class DeliveryFaults {

  private final DeliveryFaultRates rates;
  private final SplittableRandom random;
  private final long intervalMillis;
  private final long maxLatenessMillis;

  DeliveryFaults(DeliveryFaultRates rates, long seed, long intervalMillis) {
    this.rates = rates;
    this.random = new SplittableRandom(seed);
    this.intervalMillis = intervalMillis;
    this.maxLatenessMillis = Math.max(rates.maxLateness().toMillis(), 2 * intervalMillis);
  }

  /** Whether the message just sent goes out a second time. */
  boolean duplicate() {
    return rates.duplicate() > 0 && random.nextDouble() < rates.duplicate();
  }

  /**
   * How long (event time, ms) to hold this reading back, or 0 to send it now. A late reading waits
   * more than one interval, so the sensor's next reading overtakes it.
   */
  long lateness() {
    if (rates.late() <= 0 || random.nextDouble() >= rates.late()) {
      return 0;
    }
    return random.nextLong(intervalMillis + 1, maxLatenessMillis + 1);
  }
}
