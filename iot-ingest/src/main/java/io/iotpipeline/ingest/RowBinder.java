package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import io.iotpipeline.model.SensorReading;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The prepared inserts of {@link ReadingWriter} and how a reading becomes their values. */
final class RowBinder {

  private static final Object NO_TOKEN_MAP = new Object();

  private final CqlSession session;
  private final String keyspace;
  private final ProtocolVersion protocol;
  private final PreparedStatement insertReading;
  private final PreparedStatement insertLatest;

  RowBinder(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
    this.protocol = session.getContext().getProtocolVersion();
    this.insertReading = session.prepare("INSERT INTO " + keyspace + ".sensor_data "
        + "(sensor_id, day, timestamp, temperature, humidity, seq, site, ingested_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    // The event time as write time: a late (older) reading never replaces a newer one.
    this.insertLatest = session.prepare("INSERT INTO " + keyspace + ".sensor_latest "
        + "(sensor_id, timestamp, temperature, humidity, seq, site) VALUES (?, ?, ?, ?, ?, ?) "
        + "USING TIMESTAMP ?");
  }

  /** An encoded timestamp value, shared by the rows of one write (each row takes a duplicate). */
  ByteBuffer timestamp(Instant instant) {
    return TypeCodecs.TIMESTAMP.encode(instant, protocol);
  }

  // Values are encoded with fixed codecs: looking each one up in the driver's codec registry
  // was the single biggest CPU cost of binding (profiled).
  BoundStatement reading(SensorReading reading, ByteBuffer ingestedAt) {
    long epochMillis = reading.timestamp().toEpochMilli();
    BoundStatementBuilder row = insertReading.boundStatementBuilder()
        .setBytesUnsafe(0, TypeCodecs.INT.encodePrimitive(reading.sensorId(), protocol))
        .setBytesUnsafe(1, TypeCodecs.DATE.encode(PartitionGroups.utcDay(epochMillis), protocol))
        // A CQL timestamp is, on the wire, a bigint of epoch milliseconds.
        .setBytesUnsafe(2, TypeCodecs.BIGINT.encodePrimitive(epochMillis, protocol))
        .setBytesUnsafe(3, TypeCodecs.FLOAT.encodePrimitive((float) reading.temperature(), protocol))
        .setBytesUnsafe(4, TypeCodecs.FLOAT.encodePrimitive((float) reading.humidity(), protocol))
        .setBytesUnsafe(7, ingestedAt.duplicate());
    // Absent optional fields stay unset: a bound null would write a tombstone per row.
    if (reading.hasSequence()) {
      row.setBytesUnsafe(5, TypeCodecs.BIGINT.encodePrimitive(reading.sequence(), protocol));
    }
    if (reading.site() != null) {
      row.setBytesUnsafe(6, TypeCodecs.TEXT.encode(reading.site(), protocol));
    }
    return row.build();
  }

  BoundStatement latest(SensorReading reading) {
    long epochMillis = reading.timestamp().toEpochMilli();
    BoundStatementBuilder latest = insertLatest.boundStatementBuilder()
        .setBytesUnsafe(0, TypeCodecs.INT.encodePrimitive(reading.sensorId(), protocol))
        .setBytesUnsafe(1, TypeCodecs.BIGINT.encodePrimitive(epochMillis, protocol))
        .setBytesUnsafe(2, TypeCodecs.FLOAT.encodePrimitive((float) reading.temperature(), protocol))
        .setBytesUnsafe(3, TypeCodecs.FLOAT.encodePrimitive((float) reading.humidity(), protocol))
        .setBytesUnsafe(6, TypeCodecs.BIGINT.encodePrimitive(
            TimeUnit.MILLISECONDS.toMicros(epochMillis), protocol));
    if (reading.hasSequence()) {
      latest.setBytesUnsafe(4, TypeCodecs.BIGINT.encodePrimitive(reading.sequence(), protocol));
    }
    if (reading.site() != null) {
      latest.setBytesUnsafe(5, TypeCodecs.TEXT.encode(reading.site(), protocol));
    }
    return latest.build();
  }

  /**
   * The replicas of a row's partition, or one shared key when the driver has no token map (then
   * every node is treated alike, which is exact for a single node).
   */
  Object replicas(BoundStatement row) {
    Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
    ByteBuffer routingKey = row.getRoutingKey();
    return tokens.isEmpty() || routingKey == null ? NO_TOKEN_MAP
        : tokens.get().getReplicas(keyspace, routingKey);
  }
}
