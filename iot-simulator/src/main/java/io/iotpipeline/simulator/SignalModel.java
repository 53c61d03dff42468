package io.iotpipeline.simulator;

import io.iotpipeline.model.SensorReading;

/**
 * The clean physics of a sensor: a pure function of its {@link SensorProfile}, the event time and
 * standard-normal noise draws supplied by the caller (so the caller owns the random state).
 *
 * <p>temperature = mean + daily cosine peaking mid-afternoon + slow multi-day wander + noise;
 * humidity = mean - k * (temperature - mean) + noise, i.e. anti-correlated with temperature.
 *
 * <p>Cosines come from a table with one entry per second of a cycle: the simulator evaluates two
 * per reading at hundreds of thousands of readings a second, and a 1 s step is far finer than the
 * signal needs.
 */
public final class SignalModel {

  public static final int SECONDS_PER_DAY = 86_400;
  private static final int STEPS = SECONDS_PER_DAY;
  private static final double[] COSINE = new double[STEPS];

  static {
    for (int step = 0; step < STEPS; step++) {
      COSINE[step] = Math.cos(2 * Math.PI * step / STEPS);
    }
  }

  private SignalModel() {}

  /** Temperature without noise: the value a perfect sensor would read. */
  public static double cleanTemperature(SensorProfile profile, long epochMillis) {
    long secondOfDay = Math.floorMod(Math.floorDiv(epochMillis, 1000L), (long) SECONDS_PER_DAY);
    int daily =
        (int) Math.floorMod(secondOfDay - profile.peakSecondOfDay(), (long) SECONDS_PER_DAY);
    double wander = epochMillis / (profile.driftPeriodSeconds() * 1000.0) + profile.driftPhase();
    return profile.meanTemperature()
        + profile.dailyAmplitude() * COSINE[daily]
        + profile.driftAmplitude() * cycle(wander);
  }

  /** A measured temperature: clean value plus {@code noise} standard deviations of sensor noise. */
  public static double temperature(SensorProfile profile, long epochMillis, double noise) {
    return clampTemperature(cleanTemperature(profile, epochMillis) + profile.noiseSigma() * noise);
  }

  /**
   * Relative humidity that goes with {@code temperature}, plus {@code noise} standard deviations.
   */
  public static double humidity(SensorProfile profile, double temperature, double noise) {
    double deviation = temperature - profile.meanTemperature();
    double humidity =
        profile.baseHumidity()
            + profile.humidityOffset()
            - profile.humidityPerDegree() * deviation
            + profile.humidityNoiseSigma() * noise;
    return clampHumidity(humidity);
  }

  /** cos(2 pi x) from the table; x may be any finite number. */
  static double cycle(double turns) {
    double fraction = turns - Math.floor(turns);
    int step = (int) (fraction * STEPS);
    return COSINE[step >= STEPS ? 0 : step];
  }

  static double clampTemperature(double value) {
    return Math.max(SensorReading.MIN_TEMPERATURE, Math.min(SensorReading.MAX_TEMPERATURE, value));
  }

  static double clampHumidity(double value) {
    return Math.max(SensorReading.MIN_HUMIDITY, Math.min(SensorReading.MAX_HUMIDITY, value));
  }
}
