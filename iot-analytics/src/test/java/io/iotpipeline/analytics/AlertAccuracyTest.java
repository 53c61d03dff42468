package io.iotpipeline.analytics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.SensorReading;
import io.iotpipeline.simulator.DeliveryFaultRates;
import io.iotpipeline.simulator.FaultKind;
import io.iotpipeline.simulator.FaultLabel;
import io.iotpipeline.simulator.FaultRates;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.RateLimiter;
import io.iotpipeline.simulator.SimulationOptions;
import io.iotpipeline.simulator.SimulationStats;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the spike, stuck and silence rules against the simulator's ground-truth
 * fault labels (spike, stuck, dropout). The readings go through the rules in two-minute chunks,
 * with the per-sensor context carried between chunks as the streaming job does.
 */
class AlertAccuracyTest {

  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final int SENSORS = 20;
  private static final int SECONDS = 1800;
  private static final int CHUNK_SECONDS = 120;

  /** Defaults, except silence: the simulator's shortest dropout is 30 one-second slots. */
  private static final AlertThresholds LIMITS =
      new AlertThresholds(45.0, -10.0, 95.0, 5.0, 3.0, 10, 1e-6, Duration.ofSeconds(25));

  @Test
  void spikeStuckAndSilenceRulesFindTheInjectedFaults() {
    List<SensorReading> readings = new ArrayList<>();
    List<FaultLabel> labels = new ArrayList<>();
    SimulationOptions options =
        SimulationOptions.of(SENSORS, START, (long) SENSORS * SECONDS, 11)
            .withFaults(new FaultRates(0.002, 0.0005, 0.0005, 0.00002), DeliveryFaultRates.NONE);
    try (FleetSimulator simulator =
        new FleetSimulator(
            options,
            (reading, value) -> readings.add(reading),
            labels::add,
            RateLimiter.unlimited(),
            new SimulationStats())) {
      simulator.run();
    }
    List<Row> alerts = evaluateInChunks(readings);

    StringBuilder report = new StringBuilder();
    for (Object[] pair :
        new Object[][] {
          {AlertRules.SPIKE, FaultKind.SPIKE},
          {AlertRules.STUCK, FaultKind.STUCK},
          {AlertRules.SILENCE, FaultKind.DROPOUT}
        }) {
      String rule = (String) pair[0];
      FaultKind fault = (FaultKind) pair[1];
      List<Row> ofRule = alerts.stream().filter(a -> a.<String>getAs("rule").equals(rule)).toList();
      List<FaultLabel> ofFault = labels.stream().filter(l -> l.fault() == fault).toList();
      long truePositives =
          ofRule.stream().filter(a -> ofFault.stream().anyMatch(l -> matches(a, l))).count();
      long found =
          ofFault.stream().filter(l -> ofRule.stream().anyMatch(a -> matches(a, l))).count();
      double precision = ofRule.isEmpty() ? 0 : (double) truePositives / ofRule.size();
      double recall = ofFault.isEmpty() ? 0 : (double) found / ofFault.size();
      report.append(
          String.format(
              Locale.ROOT,
              "%-8s vs %-8s alerts %4d labels %4d precision %.3f recall %.3f%n",
              rule,
              fault.label(),
              ofRule.size(),
              ofFault.size(),
              precision,
              recall));
      assertThat(ofFault).as("the simulator injected %s faults", fault).hasSizeGreaterThan(5);
      assertThat(precision).as(report.toString()).isGreaterThanOrEqualTo(0.9);
      assertThat(recall).as(report.toString()).isGreaterThanOrEqualTo(0.85);
    }
    System.out.print(
        "Alert accuracy (" + readings.size() + " readings, " + SENSORS + " sensors):\n" + report);
  }

  /**
   * Windows of tolerance: a spike's return to normal is one reading after the episode; a stuck run
   * starts at the last good reading, one slot before the episode; silence is dated after the
   * silence period, inside the dropout.
   */
  private static boolean matches(Row alert, FaultLabel label) {
    if (alert.<Integer>getAs("sensor_id") != label.sensorId()) {
      return false;
    }
    Instant at = alert.<Timestamp>getAs("ts").toInstant();
    Instant from = label.start().minusSeconds(label.fault() == FaultKind.STUCK ? 2 : 0);
    Instant to = label.end().plusSeconds(label.fault() == FaultKind.SPIKE ? 2 : 1);
    return !at.isBefore(from) && !at.isAfter(to);
  }

  private static List<Row> evaluateInChunks(List<SensorReading> readings) {
    var spark = LocalSpark.session();
    List<Row> rows = new ArrayList<>(readings.size());
    for (SensorReading r : readings) {
      rows.add(
          RowFactory.create(
              r.sensorId(), Timestamp.from(r.timestamp()), r.temperature(), r.humidity()));
    }
    Dataset<Row> all = spark.createDataFrame(rows, LocalSpark.READINGS).cache();
    SensorActivity activity = new SensorActivity();
    List<Row> alerts = new ArrayList<>();
    for (int chunk = 0; chunk < SECONDS / CHUNK_SECONDS; chunk++) {
      Timestamp from = Timestamp.from(START.plusSeconds((long) chunk * CHUNK_SECONDS));
      Timestamp to = Timestamp.from(START.plusSeconds((long) (chunk + 1) * CHUNK_SECONDS));
      Dataset<Row> part =
          all.where(col("timestamp").geq(lit(from)).and(col("timestamp").lt(lit(to))));
      Dataset<Row> sequenced =
          AlertRules.sequence(
                  part.withColumn("carried", lit(false))
                      .withColumn("run_start", lit(null).cast("timestamp"))
                      .withColumn("run_length", lit(null).cast("long"))
                      .unionByName(activity.carried(spark)),
                  LIMITS)
              .cache();
      alerts.addAll(
          AlertRules.spikes(sequenced, LIMITS)
              .unionByName(AlertRules.stuck(sequenced, LIMITS))
              .unionByName(AlertRules.gaps(sequenced, LIMITS))
              .collectAsList());
      activity.observe(StreamingJob.newestPerSensor(sequenced));
      sequenced.unpersist();
      Dataset<Row> silent =
          AlertRules.silence(
              activity.lastSeenOfUnsilenced(spark), activity.clock().orElseThrow(), LIMITS);
      List<Row> silentRows = silent.collectAsList();
      alerts.addAll(silentRows);
      activity.markSilenced(silentRows.stream().map(r -> r.<Integer>getAs("sensor_id")).toList());
    }
    all.unpersist();
    // Stuck alerts of one run are re-issued (same key) as the run grows: keep one per key.
    return alerts.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                a -> a.getAs("sensor_id") + "/" + a.getAs("ts") + "/" + a.getAs("rule"),
                a -> a,
                (a, b) -> b))
        .values()
        .stream()
        .toList();
  }
}
