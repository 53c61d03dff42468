package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The rows are the readings themselves (no bound statements), with made-up replica sets. */
class BatchPlannerTest {

  private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
  private static final Function<IncomingReading, IncomingReading> AS_IS = Function.identity();
  private static final Function<IncomingReading, Object> ONE_REPLICA_SET = row -> "nodes 1,2,3";

  private final BatchPlanner planner = new BatchPlanner(200);
  private long produced;

  /** Each reading distinct (its produced-at time), so "exactly once" is checkable by equality. */
  private IncomingReading reading(int sensor, Instant time) {
    return new IncomingReading(SensorReading.of(sensor, time, 20, 50), ++produced);
  }

  private List<IncomingReading> oneEach(int firstSensor, int sensors) {
    List<IncomingReading> readings = new ArrayList<>();
    for (int s = 0; s < sensors; s++) {
      readings.add(reading(firstSensor + s, NOON));
    }
    return readings;
  }

  private static List<Integer> sizes(List<? extends Collection<?>> batches) {
    return batches.stream().map(Collection::size).toList();
  }

  private static <R> List<R> flatten(List<List<R>> batches) {
    return batches.stream().flatMap(List::stream).toList();
  }

  @Test
  void slicesABigPartitionIntoBatchesOfBatchRowsKeepingArrivalOrder() {
    List<IncomingReading> readings = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      readings.add(reading(1, NOON.plusMillis(i)));
    }

    BatchPlanner.Plan<IncomingReading> plan = planner.plan(readings, AS_IS, ONE_REPLICA_SET);

    assertThat(sizes(plan.batches())).containsExactly(200, 200, 50);
    assertThat(flatten(plan.batches())).containsExactlyElementsOf(readings);
  }

  @Test
  void packsLonePartitionsOnOneReplicaSetTenToABatch() {
    List<IncomingReading> readings = oneEach(100, 25);

    BatchPlanner.Plan<IncomingReading> plan = planner.plan(readings, AS_IS, ONE_REPLICA_SET);

    assertThat(sizes(plan.batches())).containsExactly(10, 10, 5);
    assertThat(flatten(plan.batches())).containsExactlyInAnyOrderElementsOf(readings);
  }

  @Test
  void neverPacksLonePartitionsOfDifferentReplicaSetsTogether() {
    List<IncomingReading> readings = oneEach(100, 25);
    Function<IncomingReading, Object> evenOrOdd =
        row -> row.reading().sensorId() % 2 == 0 ? "A" : "B";

    BatchPlanner.Plan<IncomingReading> plan = planner.plan(readings, AS_IS, evenOrOdd);

    for (List<IncomingReading> batch : plan.batches()) {
      assertThat(batch).hasSizeLessThanOrEqualTo(BatchPlanner.MAX_PARTITIONS_PER_BATCH);
      assertThat(batch.stream().map(evenOrOdd).distinct()).hasSize(1);
    }
    // 13 even sensors (100..124) and 12 odd ones, each set packed on its own.
    assertThat(sizes(plan.batches())).containsExactlyInAnyOrder(10, 3, 10, 2);
    assertThat(flatten(plan.batches())).containsExactlyInAnyOrderElementsOf(readings);
  }

  @Test
  void keepsMultiRowPartitionsOutOfThePackedBatches() {
    List<IncomingReading> readings = new ArrayList<>(oneEach(100, 3));
    IncomingReading first = reading(7, NOON);
    IncomingReading second = reading(7, NOON.plusSeconds(1));
    readings.add(first);
    readings.add(second);

    BatchPlanner.Plan<IncomingReading> plan = planner.plan(readings, AS_IS, ONE_REPLICA_SET);

    assertThat(plan.batches())
        .containsExactlyInAnyOrder(List.of(first, second), readings.subList(0, 3));
  }

  @Test
  void plansEveryRowExactlyOnceInAMixedWrite() {
    List<IncomingReading> readings = new ArrayList<>();
    Instant tenToMidnight = Instant.parse("2026-11-27T23:50:00Z");
    for (int i = 0; i < 300; i++) {
      // Sensors 1-3 cross midnight: two partitions each, of about 200 and 100 rows.
      for (int sensor = 1; sensor <= 3; sensor++) {
        readings.add(reading(sensor, tenToMidnight.plusSeconds(i * 3L + sensor)));
      }
    }
    readings.addAll(oneEach(1000, 37));
    Function<IncomingReading, Object> threeSets = row -> row.reading().sensorId() % 3;

    BatchPlanner.Plan<IncomingReading> plan = new BatchPlanner(64).plan(readings, AS_IS, threeSets);

    assertThat(plan.newest()).as("partitions").hasSize(6 + 37);
    List<IncomingReading> planned = flatten(plan.batches());
    assertThat(planned).hasSameSizeAs(readings).containsExactlyInAnyOrderElementsOf(readings);
    for (List<IncomingReading> batch : plan.batches()) {
      long sensors = batch.stream().map(row -> row.reading().sensorId()).distinct().count();
      if (sensors == 1) {
        assertThat(batch).hasSizeLessThanOrEqualTo(64);
      } else {
        assertThat(sensors)
            .isEqualTo(batch.size())
            .isLessThanOrEqualTo(BatchPlanner.MAX_PARTITIONS_PER_BATCH);
        assertThat(batch.stream().map(threeSets).distinct()).hasSize(1);
      }
    }
  }

  @Test
  void reportsTheNewestReadingOfEachPartitionInPartitionOrder() {
    IncomingReading older = reading(5, NOON);
    IncomingReading newest = reading(5, NOON.plusSeconds(30));
    IncomingReading late = reading(5, NOON.plusSeconds(10));
    IncomingReading nextDay = reading(5, NOON.plusSeconds(86_400));
    IncomingReading lone = reading(6, NOON);

    BatchPlanner.Plan<IncomingReading> plan =
        planner.plan(List.of(older, newest, lone, late, nextDay), AS_IS, ONE_REPLICA_SET);

    assertThat(plan.newest()).containsExactly(newest.reading(), lone.reading(), nextDay.reading());
  }

  @Test
  void givesTheSameBatchesInTheSameOrderForTheSameInput() {
    List<IncomingReading> readings = oneEach(100, 95);
    Function<IncomingReading, Object> sevenSets = row -> "set-" + row.reading().sensorId() % 7;

    assertThat(planner.plan(readings, AS_IS, sevenSets).batches())
        .isEqualTo(planner.plan(readings, AS_IS, sevenSets).batches());
  }

  @Test
  void packsLatestRowsByReplicaSetTenToABatch() {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      rows.add("latest-" + i);
    }

    List<List<String>> batches = planner.pack(rows, row -> "one set");

    assertThat(sizes(batches)).containsExactly(10, 10, 5);
    assertThat(flatten(batches)).containsExactlyElementsOf(rows);
  }

  @Test
  void plansNothingForNoReadings() {
    BatchPlanner.Plan<IncomingReading> plan = planner.plan(List.of(), AS_IS, ONE_REPLICA_SET);

    assertThat(plan.batches()).isEmpty();
    assertThat(plan.newest()).isEmpty();
  }
}
