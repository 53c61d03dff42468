package io.iotpipeline.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The fixed character of one simulated sensor: where it is and how its signal behaves. Everything
 * per-sensor that does not change over a run lives here, so {@link SignalModel} stays pure.
 *
 * @param id sensor id (1..N), also the Kafka key
 * @param site site name, e.g. {@code site-3}; sent on the wire
 * @param zone climate zone inside the site; sets the baselines
 * @param baseTemperature zone baseline in degrees Celsius
 * @param temperatureOffset this sensor's own offset from the zone baseline (placement, calibration)
 * @param dailyAmplitude half the day/night swing in degrees
 * @param peakSecondOfDay UTC second of day of the daily maximum (mid-afternoon, per site)
 * @param driftAmplitude amplitude of the slow multi-day wander in degrees
 * @param driftPeriodSeconds period of that wander
 * @param driftPhase phase of that wander as a fraction of a period, in [0, 1)
 * @param noiseSigma standard deviation of temperature noise in degrees
 * @param baseHumidity zone baseline relative humidity in percent
 * @param humidityOffset this sensor's own humidity offset in percent points
 * @param humidityPerDegree percent points humidity falls per degree above the sensor's mean
 * @param humidityNoiseSigma standard deviation of humidity noise in percent points
 */
public record SensorProfile(
    int id,
    String site,
    Zone zone,
    double baseTemperature,
    double temperatureOffset,
    double dailyAmplitude,
    int peakSecondOfDay,
    double driftAmplitude,
    long driftPeriodSeconds,
    double driftPhase,
    double noiseSigma,
    double baseHumidity,
    double humidityOffset,
    double humidityPerDegree,
    double humidityNoiseSigma) {

  /** Sensors per site when a fleet is laid out: 1000 sensors make 10 sites. */
  public static final int SENSORS_PER_SITE = 100;

  public SensorProfile {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(zone, "zone");
    if (id < 0) {
      throw new IllegalArgumentException("sensor id must be >= 0, got " + id);
    }
    if (peakSecondOfDay < 0 || peakSecondOfDay >= SignalModel.SECONDS_PER_DAY) {
      throw new IllegalArgumentException("peakSecondOfDay out of range: " + peakSecondOfDay);
    }
    if (driftPeriodSeconds < 1) {
      throw new IllegalArgumentException("driftPeriodSeconds must be >= 1");
    }
    if (!(driftPhase >= 0 && driftPhase < 1)) {
      throw new IllegalArgumentException("driftPhase must be in [0, 1): " + driftPhase);
    }
    if (dailyAmplitude < 0 || driftAmplitude < 0 || noiseSigma < 0 || humidityNoiseSigma < 0) {
      throw new IllegalArgumentException("amplitudes and noise must be >= 0");
    }
  }

  /** The temperature this sensor hovers around (no daily cycle, drift or noise). */
  public double meanTemperature() {
    return baseTemperature + temperatureOffset;
  }

  /**
   * Lays out a fleet of sensors with ids 1..count: {@value #SENSORS_PER_SITE} consecutive ids per
   * site, zones drawn with fixed weights, and per-sensor offsets, all from the seed.
   */
  public static List<SensorProfile> fleet(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("a fleet needs at least one sensor, got " + count);
    }
    SplittableRandom random = new SplittableRandom(seed ^ 0x5EED_F1EE_7L);
    int sites = (count + SENSORS_PER_SITE - 1) / SENSORS_PER_SITE;
    // Sites share a region: their afternoons peak within an hour of each other around 15:00 UTC.
    int[] sitePeak = new int[sites];
    for (int s = 0; s < sites; s++) {
      sitePeak[s] = 15 * 3600 + random.nextInt(-3600, 3601);
    }
    List<SensorProfile> fleet = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      int siteIndex = index / SENSORS_PER_SITE;
      Zone zone = pickZone(random.nextDouble());
      int peak =
          Math.floorMod(
              sitePeak[siteIndex] + random.nextInt(-900, 901), SignalModel.SECONDS_PER_DAY);
      double amplitude = zone.dailyAmplitude() * random.nextDouble(0.8, 1.2);
      // The wander stays small next to the daily swing so each day's peak stays in the afternoon.
      fleet.add(
          new SensorProfile(
              index + 1,
              "site-" + siteIndex,
              zone,
              zone.baseTemperature(),
              random.nextDouble(-1.0, 1.0),
              amplitude,
              peak,
              amplitude * random.nextDouble(0.1, 0.3),
              random.nextLong(3 * 86_400L, 10 * 86_400L),
              random.nextDouble(),
              random.nextDouble(0.1, 0.3),
              zone.baseHumidity(),
              random.nextDouble(-3.0, 3.0),
              zone.humidityPerDegree(),
              random.nextDouble(0.3, 0.8)));
    }
    return List.copyOf(fleet);
  }

  private static Zone pickZone(double draw) {
    if (draw < 0.5) {
      return Zone.INDOOR;
    }
    if (draw < 0.75) {
      return Zone.OUTDOOR;
    }
    return draw < 0.9 ? Zone.GREENHOUSE : Zone.COLD_ROOM;
  }
}
