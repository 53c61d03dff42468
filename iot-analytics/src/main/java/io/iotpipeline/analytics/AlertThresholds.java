package io.iotpipeline.analytics;

import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import java.time.Duration;

/**
 * The parameters of the alert rules.
 *
 * @param temperatureHigh a reading above this (°C) is a threshold alert
 * @param temperatureLow a reading below this (°C) is a threshold alert
 * @param humidityHigh a reading above this (%) is a threshold alert
 * @param humidityLow a reading below this (%) is a threshold alert
 * @param spikeRate |Δtemperature| / Δt (°C per second, Δt at least one second) between consecutive
 *     readings of a sensor above this is a spike
 * @param stuckMinReadings a minute needs this many readings before "no variation" means stuck
 * @param stuckEpsilon max - min of temperature and of humidity within a minute at or below this
 *     means the sensor is stuck (repeats one value)
 * @param silence a sensor with no reading for this long (event time) is silent
 */
public record AlertThresholds(
    double temperatureHigh,
    double temperatureLow,
    double humidityHigh,
    double humidityLow,
    double spikeRate,
    int stuckMinReadings,
    double stuckEpsilon,
    Duration silence) {

  public AlertThresholds {
    if (!(temperatureLow < temperatureHigh) || !(humidityLow < humidityHigh)) {
      throw new ConfigException("alert thresholds: low must be below high");
    }
    if (!(spikeRate > 0)
        || stuckMinReadings < 2
        || stuckEpsilon < 0
        || silence.isNegative()
        || silence.isZero()) {
      throw new ConfigException(
          "alert thresholds: spike rate > 0, stuck readings >= 2,"
              + " stuck epsilon >= 0 and silence > 0 required");
    }
  }

  /** The defaults of the {@code analytics.alert.*} settings (iot-model Defaults). */
  public static AlertThresholds defaults() {
    return from(Settings.defaults());
  }

  /** From the {@code analytics.alert.*} settings; the one place their keys are read. */
  public static AlertThresholds from(Settings settings) {
    return new AlertThresholds(
        number(settings, "analytics.alert.temperature-high"),
        number(settings, "analytics.alert.temperature-low"),
        number(settings, "analytics.alert.humidity-high"),
        number(settings, "analytics.alert.humidity-low"),
        number(settings, "analytics.alert.spike-rate"),
        settings.getInt("analytics.alert.stuck-readings"),
        number(settings, "analytics.alert.stuck-epsilon"),
        settings.getDuration("analytics.alert.silence"));
  }

  private static double number(Settings settings, String key) {
    String value = settings.get(key);
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "setting '"
              + key
              + "' = '"
              + value
              + "' from "
              + settings.source(key)
              + " must be a number");
    }
  }
}
