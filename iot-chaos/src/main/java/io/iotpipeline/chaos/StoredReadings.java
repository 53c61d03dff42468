package io.iotpipeline.chaos;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@code sensor_data} holds of a workload, read back independently of the ingester: plain CQL,
 * one query per sensor-day partition, every primary key mapped back to the one reading of the
 * workload it can be ({@link Workload#indexOf}). Rows no reading has are counted as unexpected.
 *
 * @param stored the workload indexes that have a row
 * @param unexpected rows that are no reading of the workload
 * @param unexpectedSamples the first few of those, for the report
 */
record StoredReadings(BitSet stored, long unexpected, List<String> unexpectedSamples) {

  private static final int READERS = 8;
  private static final int SAMPLES = 5;

  long count() {
    return stored.cardinality();
  }

  static StoredReadings read(CqlSession session, String keyspace, Workload workload)
      throws Exception {
    PreparedStatement select =
        session.prepare(
            "SELECT sensor_id, timestamp FROM "
                + Tables.SENSOR_DATA.in(keyspace)
                + " WHERE sensor_id = ? AND day = ?");
    ExecutorService readers = Executors.newFixedThreadPool(READERS);
    try {
      List<Future<StoredReadings>> parts = new ArrayList<>();
      List<SensorDay> partitions = workload.partitions();
      for (int reader = 0; reader < READERS; reader++) {
        int first = reader;
        parts.add(
            readers.submit(
                () -> {
                  BitSet stored = new BitSet();
                  long unexpected = 0;
                  List<String> samples = new ArrayList<>();
                  for (int i = first; i < partitions.size(); i += READERS) {
                    SensorDay partition = partitions.get(i);
                    for (Row row :
                        session.execute(
                            select
                                .bind(partition.sensorId(), partition.day())
                                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                                .setPageSize(5000))) {
                      Instant timestamp = row.getInstant(1);
                      long index = workload.indexOf(row.getInt(0), timestamp.toEpochMilli());
                      if (index >= 0) {
                        stored.set((int) index);
                      } else {
                        unexpected++;
                        if (samples.size() < SAMPLES) {
                          samples.add("sensor " + row.getInt(0) + " at " + timestamp);
                        }
                      }
                    }
                  }
                  return new StoredReadings(stored, unexpected, samples);
                }));
      }
      BitSet stored = new BitSet();
      long unexpected = 0;
      List<String> samples = new ArrayList<>();
      for (Future<StoredReadings> part : parts) {
        StoredReadings read = part.get();
        stored.or(read.stored());
        unexpected += read.unexpected();
        read.unexpectedSamples().stream().limit(SAMPLES - samples.size()).forEach(samples::add);
      }
      return new StoredReadings(stored, unexpected, List.copyOf(samples));
    } finally {
      readers.shutdownNow();
    }
  }
}
