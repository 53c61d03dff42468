package io.iotpipeline.api.query;

/**
 * One chart point before it is laid out in columns; {@code t} in epoch milliseconds. Values are
 * rounded to 3 decimals when the point is made: averages carry float noise a chart does not show,
 * and the payload stays small.
 */
record SeriesPoint(
    long t,
    double avgTemperature,
    double avgHumidity,
    double minTemperature,
    double maxTemperature,
    long readings) {

  SeriesPoint {
    avgTemperature = round(avgTemperature);
    avgHumidity = round(avgHumidity);
    minTemperature = round(minTemperature);
    maxTemperature = round(maxTemperature);
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
