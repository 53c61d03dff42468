package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.iotpipeline.model.SensorReading;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SignalModelTest {

  private static final Instant MIDNIGHT = Instant.parse("2026-11-20T00:00:00Z");

  /** One simulated day of clean-ish data: 100 sensors, a reading a minute, no faults. */
  private static List<SensorReading> oneDay() {
    SimulationOptions options =
        new SimulationOptions(
            100,
            Duration.ofMinutes(1),
            MIDNIGHT,
            MIDNIGHT.plus(Duration.ofDays(1)),
            0,
            42,
            0,
            FaultRates.NONE,
            DeliveryFaultRates.NONE);
    return CollectingSink.run(options).readings();
  }

  @Test
  void afternoonsAreWarmerThanNights() {
    Map<Boolean, Double> meanByAfternoon =
        oneDay().stream()
            .filter(r -> hour(r) < 6 || (hour(r) >= 12 && hour(r) < 18))
            .collect(
                Collectors.partitioningBy(
                    r -> hour(r) >= 12, Collectors.averagingDouble(SensorReading::temperature)));

    assertThat(meanByAfternoon.get(true) - meanByAfternoon.get(false)).isGreaterThan(2.0);
  }

  @Test
  void everySensorPeaksInTheAfternoonAndBottomsOutAtNight() {
    Map<Integer, List<SensorReading>> bySensor =
        oneDay().stream().collect(Collectors.groupingBy(SensorReading::sensorId));
    SensorProfile anyProfile = SensorProfile.fleet(100, 42).get(0);

    assertThat(bySensor).hasSize(100);
    bySensor.forEach(
        (sensor, readings) -> {
          // Hourly means smooth the noise; the warmest hour must be in the afternoon.
          Map<Integer, Double> hourly =
              readings.stream()
                  .collect(
                      Collectors.groupingBy(
                          SignalModelTest::hour,
                          Collectors.averagingDouble(SensorReading::temperature)));
          int warmest =
              hourly.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
          assertThat(warmest).as("warmest hour of sensor %d", sensor).isBetween(12, 18);
        });
    assertThat(anyProfile.peakSecondOfDay() / 3600).isBetween(13, 16);
  }

  @Test
  void humidityFallsWhenTemperatureRises() {
    Map<Integer, List<SensorReading>> bySensor =
        oneDay().stream().collect(Collectors.groupingBy(SensorReading::sensorId));
    Map<Integer, Double> correlation = new HashMap<>();
    bySensor.forEach((sensor, readings) -> correlation.put(sensor, pearson(readings)));

    assertThat(correlation.values()).allSatisfy(r -> assertThat(r).isLessThan(-0.5));
  }

  @Test
  void cosineTableMatchesMathCos() {
    for (double turns = -3; turns < 3; turns += 0.0137) {
      assertThat(SignalModel.cycle(turns)).isCloseTo(Math.cos(2 * Math.PI * turns), within(1e-4));
    }
  }

  @Test
  void noiseIsScaledBySensorSigmaAndValuesStayInValidRanges() {
    SensorProfile profile = SensorProfile.fleet(1, 7).get(0);
    long millis = MIDNIGHT.toEpochMilli();
    double clean = SignalModel.cleanTemperature(profile, millis);

    assertThat(SignalModel.temperature(profile, millis, 2.0))
        .isCloseTo(clean + 2 * profile.noiseSigma(), within(1e-9));
    assertThat(SignalModel.temperature(profile, millis, 1e6))
        .isEqualTo(SensorReading.MAX_TEMPERATURE);
    assertThat(SignalModel.humidity(profile, -1000, 0)).isEqualTo(SensorReading.MAX_HUMIDITY);
    assertThat(SignalModel.humidity(profile, 1000, 0)).isEqualTo(SensorReading.MIN_HUMIDITY);
  }

  private static int hour(SensorReading reading) {
    return (int) (reading.timestamp().getEpochSecond() % 86_400 / 3600);
  }

  static double pearson(List<SensorReading> readings) {
    int n = readings.size();
    double meanT =
        readings.stream().mapToDouble(SensorReading::temperature).average().orElseThrow();
    double meanH = readings.stream().mapToDouble(SensorReading::humidity).average().orElseThrow();
    double covariance = 0;
    double varianceT = 0;
    double varianceH = 0;
    for (SensorReading r : readings) {
      double dt = r.temperature() - meanT;
      double dh = r.humidity() - meanH;
      covariance += dt * dh;
      varianceT += dt * dt;
      varianceH += dh * dh;
    }
    return n < 2 ? 0 : covariance / Math.sqrt(varianceT * varianceH);
  }
}
