package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

  private static final Instant START = Instant.parse("2026-11-20T08:00:00.250Z");
  private static final FaultRates HIGH_FAULTS = new FaultRates(0.002, 0.0005, 0.0005, 0.0002);
  private static final DeliveryFaultRates HIGH_DELIVERY =
      new DeliveryFaultRates(0.02, 0.01, Duration.ofSeconds(20));

  private static SimulationOptions options(int sensors, long count, long seed) {
    return SimulationOptions.of(sensors, START, count, seed).withFaults(HIGH_FAULTS, HIGH_DELIVERY);
  }

  @Test
  void sameSeedAndStartGiveTheSameBytes() {
    List<CollectingSink.Message> first = CollectingSink.run(options(300, 60_000, 7)).messages;
    List<CollectingSink.Message> second = CollectingSink.run(options(300, 60_000, 7)).messages;

    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).value()).isEqualTo(first.get(i).value());
    }
  }

  @Test
  void anotherSeedGivesOtherReadings() {
    List<SensorReading> first = CollectingSink.run(options(100, 1000, 7)).readings();
    List<SensorReading> other = CollectingSink.run(options(100, 1000, 8)).readings();

    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void deliveryFaultsNeverChangeTheReadingsThemselves() {
    SimulationOptions clean =
        options(200, 40_000, 3).withFaults(HIGH_FAULTS, DeliveryFaultRates.NONE);
    Set<SensorReading> withoutDeliveryFaults = new HashSet<>(CollectingSink.run(clean).readings());
    Set<SensorReading> withDeliveryFaults =
        new HashSet<>(CollectingSink.run(options(200, 40_000, 3)).readings());

    assertThat(withDeliveryFaults).isEqualTo(withoutDeliveryFaults).hasSize(40_000);
  }

  @Test
  void countStopsAtExactlyThatManyDistinctReadings() {
    CollectingSink sink = CollectingSink.run(options(97, 12_345, 11));

    Set<String> distinct =
        sink.readings().stream()
            .map(r -> r.sensorId() + "/" + r.sequence())
            .collect(Collectors.toSet());
    assertThat(distinct).hasSize(12_345);
    assertThat(sink.messages.size()).isGreaterThan(12_345); // duplicates ride along
    assertThat(sink.flushes).isEqualTo(1);
  }

  @Test
  void endStopsAtExactlyTheSlotsBeforeIt() {
    SimulationOptions tenMinutes =
        new SimulationOptions(
            50,
            Duration.ofSeconds(1),
            START,
            START.plus(Duration.ofMinutes(10)),
            0,
            5,
            0,
            FaultRates.NONE,
            DeliveryFaultRates.NONE);
    List<SensorReading> readings = CollectingSink.run(tenMinutes).readings();

    assertThat(readings).hasSize(50 * 600);
    assertThat(readings.get(0).timestamp()).isEqualTo(START);
    assertThat(readings)
        .allSatisfy(r -> assertThat(r.timestamp()).isBefore(START.plusSeconds(600)));
    assertThat(readings.stream().map(SensorReading::sensorId).distinct()).hasSize(50);
  }

  @Test
  void eachSensorCountsFromZeroWithStrictlyIncreasingMilliseconds() {
    // 5,000 sensors at a 1 ms interval: many sensors share a millisecond, but no sensor twice.
    SimulationOptions dense =
        new SimulationOptions(
            5000,
            Duration.ofMillis(1),
            START,
            null,
            50_000,
            9,
            0,
            HIGH_FAULTS,
            DeliveryFaultRates.NONE);
    Map<Integer, List<SensorReading>> bySensor =
        CollectingSink.run(dense).readings().stream()
            .collect(Collectors.groupingBy(SensorReading::sensorId));

    bySensor.forEach(
        (sensor, readings) -> {
          for (int i = 0; i < readings.size(); i++) {
            assertThat(readings.get(i).sequence()).isEqualTo(i);
            if (i > 0) {
              assertThat(readings.get(i).timestamp()).isAfter(readings.get(i - 1).timestamp());
            }
          }
        });
  }

  @Test
  void everyMessageIsItsReadingEncodedByTheWireCodec() {
    ReadingCodec codec = new ReadingCodec();
    CollectingSink sink = CollectingSink.run(options(50, 5_000, 13));

    assertThat(sink.messages)
        .allSatisfy(
            message -> {
              assertThat(codec.decode(message.value())).isEqualTo(message.reading());
              assertThat(message.reading().site()).startsWith("site-");
            });
    assertThat(new String(sink.messages.get(0).value()))
        .startsWith("{\"sensor_id\":1,\"timestamp\":" + START.getEpochSecond() + ".250,")
        .contains("\"v\":1,\"seq\":0,\"site\":\"site-0\"");
  }

  @Test
  void duplicatesAndLateReadingsHappenAtTheRequestedRates() {
    SimulationStats stats = new SimulationStats();
    CollectingSink sink = new CollectingSink();
    SimulationOptions options =
        options(500, 200_000, 17).withFaults(FaultRates.NONE, HIGH_DELIVERY);
    SimulationStats.Snapshot summary =
        new FleetSimulator(options, sink, sink, RateLimiter.unlimited(), stats).run();

    assertThat(summary.readings()).isEqualTo(200_000);
    assertThat(summary.messages())
        .isEqualTo(sink.messages.size())
        .isEqualTo(summary.readings() + summary.duplicates());
    assertWithinTolerance(summary.duplicates(), 0.02 * 200_000);
    assertWithinTolerance(summary.late(), 0.01 * 200_000);

    long backToBackCopies = 0;
    long overtaken = 0;
    Map<Integer, Long> highestSeq = new HashMap<>();
    for (int i = 0; i < sink.messages.size(); i++) {
      SensorReading reading = sink.messages.get(i).reading();
      if (i > 0 && sink.messages.get(i).value() == sink.messages.get(i - 1).value()) {
        backToBackCopies++;
        continue;
      }
      long highest = highestSeq.getOrDefault(reading.sensorId(), -1L);
      if (reading.sequence() < highest) {
        overtaken++;
      }
      highestSeq.put(reading.sensorId(), Math.max(highest, reading.sequence()));
    }
    assertThat(backToBackCopies).isEqualTo(summary.duplicates());
    // Every late reading arrives after a later reading of its own sensor, except the few that are
    // their sensor's last reading of the run (500 sensors x 1 % late: about 5).
    assertThat(overtaken).isBetween(summary.late() - 25, summary.late());
  }

  @Test
  void faultEpisodesStartAtTheRequestedRates() {
    SimulationOptions options =
        options(200, 0, 21)
            .withFaults(HIGH_FAULTS, DeliveryFaultRates.NONE)
            .withEnd(START.plusSeconds(5000));
    CollectingSink sink = CollectingSink.run(options);

    long slots = 200L * 5000;
    long affected = sink.labels.stream().mapToLong(FaultLabel::readings).sum();
    // A healthy slot can start an episode; the slot that starts one is both healthy and affected.
    long eligible = slots - affected + sink.labels.size();
    Map<FaultKind, Long> episodes =
        sink.labels.stream()
            .collect(Collectors.groupingBy(FaultLabel::fault, Collectors.counting()));
    for (FaultKind kind : FaultKind.values()) {
      assertWithinTolerance(episodes.getOrDefault(kind, 0L), HIGH_FAULTS.rate(kind) * eligible);
    }
    long dropoutSlots =
        sink.labels.stream()
            .filter(l -> l.fault() == FaultKind.DROPOUT)
            .mapToLong(FaultLabel::readings)
            .sum();
    assertThat(sink.messages).hasSize((int) (slots - dropoutSlots));
  }

  @Test
  void truthLabelsMarkExactlyTheReadingsThatAreOff() {
    SimulationOptions options =
        options(100, 0, 23)
            .withFaults(HIGH_FAULTS, DeliveryFaultRates.NONE)
            .withEnd(START.plusSeconds(4000));
    FleetSimulator simulator =
        new FleetSimulator(
            options,
            new CollectingSink(),
            LabelSink.NONE,
            RateLimiter.unlimited(),
            new SimulationStats());
    Map<Integer, SensorProfile> profiles =
        simulator.fleet().stream().collect(Collectors.toMap(SensorProfile::id, p -> p));
    CollectingSink sink = CollectingSink.run(options);
    Map<Integer, List<FaultLabel>> labelsBySensor =
        sink.labels.stream().collect(Collectors.groupingBy(FaultLabel::sensorId));

    assertThat(sink.labels).extracting(FaultLabel::fault).contains(FaultKind.values());
    for (SensorReading reading : sink.readings()) {
      FaultLabel label =
          labelsBySensor.getOrDefault(reading.sensorId(), List.of()).stream()
              .filter(l -> l.covers(reading.sensorId(), reading.timestamp()))
              .findFirst()
              .orElse(null);
      SensorProfile profile = profiles.get(reading.sensorId());
      double error =
          Math.abs(
              reading.temperature()
                  - SignalModel.cleanTemperature(profile, reading.timestamp().toEpochMilli()));
      if (label == null) {
        assertThat(error)
            .as("healthy reading %s", reading)
            .isLessThan(6 * profile.noiseSigma() + 0.01);
      } else {
        assertThat(label.fault()).isNotEqualTo(FaultKind.DROPOUT);
        if (label.fault() == FaultKind.SPIKE) {
          assertThat(error).as("spike %s", reading).isGreaterThan(4.0);
        }
      }
    }
    // A stuck sensor repeats one value for the whole episode.
    for (FaultLabel stuck :
        sink.labels.stream().filter(l -> l.fault() == FaultKind.STUCK).toList()) {
      Set<Double> values =
          sink.readings().stream()
              .filter(r -> stuck.covers(r.sensorId(), r.timestamp()))
              .map(SensorReading::temperature)
              .collect(Collectors.toSet());
      assertThat(values).hasSize(1);
    }
  }

  @Test
  void stopEndsTheRunAndStillDeliversHeldReadingsAndOpenLabels() {
    CollectingSink sink = new CollectingSink();
    AtomicReference<FleetSimulator> running = new AtomicReference<>();
    ReadingSink stopAfterTenThousand =
        (reading, value) -> {
          sink.send(reading, value);
          if (sink.messages.size() == 10_000) {
            running.get().stop();
          }
        };
    SimulationOptions endless =
        options(100, 0, 29)
            .withFaults(
                new FaultRates(0, 0, 0, 0.01),
                new DeliveryFaultRates(0, 0.05, Duration.ofSeconds(30)));
    FleetSimulator simulator =
        new FleetSimulator(
            endless, stopAfterTenThousand, sink, RateLimiter.unlimited(), new SimulationStats());
    running.set(simulator);

    SimulationStats.Snapshot summary = simulator.run();

    assertThat(summary.readings()).isBetween(10_000L, 11_000L);
    assertThat(summary.late()).isPositive();
    assertThat(sink.messages).hasSize((int) summary.readings());
    assertThat(sink.labels).isNotEmpty().hasSize((int) summary.faults());
    assertThat(summary.labels()).isEqualTo(summary.faults());
  }

  private static void assertWithinTolerance(double observed, double expected) {
    // Four standard deviations of a Poisson count, or 10 %, whichever is wider.
    double tolerance = Math.max(0.1 * expected, 4 * Math.sqrt(expected));
    assertThat(observed)
        .as("expected about %.0f", expected)
        .isBetween(expected - tolerance, expected + tolerance);
  }
}
