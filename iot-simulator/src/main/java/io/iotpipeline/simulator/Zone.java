package io.iotpipeline.simulator;

/**
 * Where a sensor hangs, which sets its climate: baseline, daily swing and how strongly humidity
 * falls when the temperature rises (relative humidity drops as warm air holds more water).
 */
public enum Zone {
  INDOOR("indoor", 21.5, 1.5, 45.0, 3.0),
  OUTDOOR("outdoor", 12.0, 6.0, 70.0, 2.5),
  GREENHOUSE("greenhouse", 24.0, 5.0, 75.0, 2.0),
  COLD_ROOM("cold-room", 4.0, 0.6, 85.0, 4.0);

  private final String label;
  private final double baseTemperature;
  private final double dailyAmplitude;
  private final double baseHumidity;
  private final double humidityPerDegree;

  Zone(
      String label,
      double baseTemperature,
      double dailyAmplitude,
      double baseHumidity,
      double humidityPerDegree) {
    this.label = label;
    this.baseTemperature = baseTemperature;
    this.dailyAmplitude = dailyAmplitude;
    this.baseHumidity = baseHumidity;
    this.humidityPerDegree = humidityPerDegree;
  }

  /** The name used in docs and the {@code sensors} table. */
  public String label() {
    return label;
  }

  double baseTemperature() {
    return baseTemperature;
  }

  double dailyAmplitude() {
    return dailyAmplitude;
  }

  double baseHumidity() {
    return baseHumidity;
  }

  double humidityPerDegree() {
    return humidityPerDegree;
  }
}
