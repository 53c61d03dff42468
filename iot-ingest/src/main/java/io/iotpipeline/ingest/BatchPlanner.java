package io.iotpipeline.ingest;

import io.iotpipeline.ingest.RecordClassifier.IncomingReading;
import io.iotpipeline.model.SensorReading;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides which rows travel together in one request. Rows are grouped by partition (sensor, day)
 * into UNLOGGED batches of at most {@code batchRows} rows: one partition per batch is one mutation
 * on one replica, about 4x less server CPU per row than single inserts. Partitions with a single
 * row in this write (the norm at low rates: 10k readings/s over 1000 sensors is one reading per
 * sensor per poll) are packed, up to {@value #MAX_PARTITIONS_PER_BATCH} partitions per batch, with
 * others that live on the same replicas, so the coordinator applies them locally: ten times fewer
 * requests. {@code sensor_latest} rows (one partition each) are packed the same way.
 *
 * <p>Pure: no session, no I/O. Generic over the row type and given the replica lookup, so the rules
 * are testable without bound statements or a cluster. The same input gives the same batches in the
 * same order.
 */
final class BatchPlanner {

  /**
   * Lone rows of different partitions share a batch only up to Cassandra's warning threshold for
   * unlogged batches across partitions ({@code unlogged_batch_across_partitions_warn_threshold}).
   */
  static final int MAX_PARTITIONS_PER_BATCH = 10;

  private final int batchRows;

  BatchPlanner(int batchRows) {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batch rows must be >= 1, got " + batchRows);
    }
    this.batchRows = batchRows;
  }

  /**
   * One write's plan.
   *
   * @param batches the rows of each request: first the slices of multi-row partitions, in partition
   *     order, then the packed lone rows, by replica set in order of first appearance
   * @param newest the newest reading of each partition, in partition order (for {@code
   *     sensor_latest} and {@code sensors})
   */
  record Plan<R>(List<List<R>> batches, List<SensorReading> newest) {
    Plan {
      batches = List.copyOf(batches);
      newest = List.copyOf(newest);
    }
  }

  /**
   * @param bind turns a reading into its row
   * @param replicas the replica set of a row's partition; rows with equal sets may share a batch
   */
  <R> Plan<R> plan(
      List<IncomingReading> readings,
      Function<IncomingReading, R> bind,
      Function<? super R, ?> replicas) {
    List<List<R>> batches = new ArrayList<>();
    List<R> loneRows = new ArrayList<>();
    List<SensorReading> newest = new ArrayList<>();
    for (List<IncomingReading> group : PartitionGroups.of(readings)) {
      newest.add(newestOf(group));
      if (group.size() == 1) {
        loneRows.add(bind.apply(group.get(0)));
      } else {
        for (int start = 0; start < group.size(); start += batchRows) {
          List<IncomingReading> slice =
              group.subList(start, Math.min(group.size(), start + batchRows));
          List<R> rows = new ArrayList<>(slice.size());
          for (IncomingReading incoming : slice) {
            rows.add(bind.apply(incoming));
          }
          batches.add(List.copyOf(rows));
        }
      }
    }
    batches.addAll(pack(loneRows, replicas));
    return new Plan<>(batches, newest);
  }

  /** Rows of distinct partitions, grouped by replica set, at most ten to a batch. */
  <R> List<List<R>> pack(Collection<R> rows, Function<? super R, ?> replicas) {
    Map<Object, List<R>> byReplicas = new LinkedHashMap<>();
    for (R row : rows) {
      byReplicas.computeIfAbsent(replicas.apply(row), k -> new ArrayList<>()).add(row);
    }
    List<List<R>> batches = new ArrayList<>();
    for (List<R> sameReplicas : byReplicas.values()) {
      for (int start = 0; start < sameReplicas.size(); start += MAX_PARTITIONS_PER_BATCH) {
        batches.add(
            List.copyOf(
                sameReplicas.subList(
                    start, Math.min(sameReplicas.size(), start + MAX_PARTITIONS_PER_BATCH))));
      }
    }
    return batches;
  }

  /** The latest by event time; the first of equals, as arrival order breaks ties. */
  private static SensorReading newestOf(List<IncomingReading> group) {
    SensorReading newest = group.get(0).reading();
    for (IncomingReading incoming : group) {
      if (incoming.reading().timestamp().isAfter(newest.timestamp())) {
        newest = incoming.reading();
      }
    }
    return newest;
  }
}
