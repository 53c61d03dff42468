package io.iotpipeline.analytics;

import io.iotpipeline.config.ConfigException;
import java.time.Duration;

/**
 * The parameters of the alert rules.
 *
 * @param temperatureHigh       a reading above this (°C) is a threshold alert
 * @param temperatureLow        a reading below this (°C) is a threshold alert
 * @param humidityHigh          a reading above this (%) is a threshold alert
 * @param humidityLow           a reading below this (%) is a threshold alert
 * @param spikeRate             |Δtemperature| / Δt (°C per second, Δt at least one second) between
 *                              consecutive readings of a sensor above this is a spike
 * @param stuckMinReadings      a minute needs this many readings before "no variation" means stuck
 * @param stuckEpsilon          max - min of temperature and of humidity within a minute at or below
 *                              this means the sensor is stuck (repeats one value)
 * @param silence               a sensor with no reading for this long (event time) is silent
 */
public record AlertThresholds(double temperatureHigh, double temperatureLow, double humidityHigh,
    double humidityLow, double spikeRate, int stuckMinReadings, double stuckEpsilon,
    Duration silence) {

  public AlertThresholds {
    if (!(temperatureLow < temperatureHigh) || !(humidityLow < humidityHigh)) {
      throw new ConfigException("alert thresholds: low must be below high");
    }
    if (!(spikeRate > 0) || stuckMinReadings < 2 || stuckEpsilon < 0 || silence.isNegative()
        || silence.isZero()) {
      throw new ConfigException("alert thresholds: spike rate > 0, stuck readings >= 2,"
          + " stuck epsilon >= 0 and silence > 0 required");
    }
  }

  /** Values suited to indoor environment sensors reporting about once a second. */
  public static AlertThresholds defaults() {
    return new AlertThresholds(45.0, -10.0, 95.0, 5.0, 3.0, 10, 1e-6, Duration.ofSeconds(60));
  }
}
