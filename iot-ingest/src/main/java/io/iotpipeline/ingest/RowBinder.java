package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.model.Tables;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The prepared inserts of {@link ReadingWriter} and how a reading becomes their values. */
final class RowBinder {

  private static final Object NO_TOKEN_MAP = new Object();

  /** A fleet has a handful of sites; past this many distinct names they are encoded per row. */
  private static final int MAX_CACHED_SITES = 10_000;

  private final CqlSession session;
  private final String keyspace;
  private final ProtocolVersion protocol;
  private final PreparedStatement insertReading;
  private final PreparedStatement insertLatest;
  private final CqlIdentifier keyspaceId;
  private final Map<String, ByteBuffer> encodedSites = new ConcurrentHashMap<>();

  RowBinder(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
    this.protocol = session.getContext().getProtocolVersion();
    this.keyspaceId = CqlIdentifier.fromCql(keyspace);
    this.insertReading =
        session.prepare(
            "INSERT INTO "
                + Tables.SENSOR_DATA.in(keyspace)
                + " (sensor_id, day, timestamp, temperature, humidity, seq, site, ingested_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    // The event time as write time: a late (older) reading never replaces a newer one.
    this.insertLatest =
        session.prepare(
            "INSERT INTO "
                + Tables.SENSOR_LATEST.in(keyspace)
                + " (sensor_id, timestamp, temperature, humidity, seq, site) VALUES (?, ?, ?, ?, ?, ?) "
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
    BoundStatementBuilder row =
        insertReading
            .boundStatementBuilder()
            .setBytesUnsafe(0, TypeCodecs.INT.encodePrimitive(reading.sensorId(), protocol))
            .setBytesUnsafe(1, TypeCodecs.DATE.encode(SensorDay.utcDay(epochMillis), protocol))
            // A CQL timestamp is, on the wire, a bigint of epoch milliseconds.
            .setBytesUnsafe(2, TypeCodecs.BIGINT.encodePrimitive(epochMillis, protocol))
            .setBytesUnsafe(
                3, TypeCodecs.FLOAT.encodePrimitive((float) reading.temperature(), protocol))
            .setBytesUnsafe(
                4, TypeCodecs.FLOAT.encodePrimitive((float) reading.humidity(), protocol))
            .setBytesUnsafe(7, ingestedAt.duplicate());
    // Absent optional fields stay unset: a bound null would write a tombstone per row.
    if (reading.hasSequence()) {
      row.setBytesUnsafe(5, TypeCodecs.BIGINT.encodePrimitive(reading.sequence(), protocol));
    }
    if (reading.site() != null) {
      row.setBytesUnsafe(6, site(reading.site()));
    }
    return row.build();
  }

  BoundStatement latest(SensorReading reading) {
    long epochMillis = reading.timestamp().toEpochMilli();
    BoundStatementBuilder latest =
        insertLatest
            .boundStatementBuilder()
            .setBytesUnsafe(0, TypeCodecs.INT.encodePrimitive(reading.sensorId(), protocol))
            .setBytesUnsafe(1, TypeCodecs.BIGINT.encodePrimitive(epochMillis, protocol))
            .setBytesUnsafe(
                2, TypeCodecs.FLOAT.encodePrimitive((float) reading.temperature(), protocol))
            .setBytesUnsafe(
                3, TypeCodecs.FLOAT.encodePrimitive((float) reading.humidity(), protocol))
            .setBytesUnsafe(
                6,
                TypeCodecs.BIGINT.encodePrimitive(
                    TimeUnit.MILLISECONDS.toMicros(epochMillis), protocol));
    if (reading.hasSequence()) {
      latest.setBytesUnsafe(4, TypeCodecs.BIGINT.encodePrimitive(reading.sequence(), protocol));
    }
    if (reading.site() != null) {
      latest.setBytesUnsafe(5, site(reading.site()));
    }
    return latest.build();
  }

  /** Encoding the same few site names for every row was a visible share of the binding CPU. */
  private ByteBuffer site(String site) {
    ByteBuffer encoded = encodedSites.get(site);
    if (encoded == null) {
      encoded = TypeCodecs.TEXT.encode(site, protocol);
      if (encodedSites.size() < MAX_CACHED_SITES) {
        encodedSites.put(site, encoded);
      }
    }
    return encoded.duplicate();
  }

  /**
   * An empty UNLOGGED batch that names its keyspace: otherwise the driver searches the batch's
   * statements for it on every routing decision (profiled). Naming it in the request needs protocol
   * v5 (Cassandra 4+); on v4 it is given for routing only.
   */
  BatchStatementBuilder unloggedBatch() {
    BatchStatementBuilder batch = new BatchStatementBuilder(DefaultBatchType.UNLOGGED);
    return protocol.getCode() >= DefaultProtocolVersion.V5.getCode()
        ? batch.setKeyspace(keyspaceId)
        : batch.setRoutingKeyspace(keyspaceId);
  }

  /**
   * The replicas of a row's partition, or one shared key when the driver has no token map (then
   * every node is treated alike, which is exact for a single node).
   */
  Object replicas(BoundStatement row) {
    Optional<TokenMap> tokens = session.getMetadata().getTokenMap();
    ByteBuffer routingKey = row.getRoutingKey();
    return tokens.isEmpty() || routingKey == null
        ? NO_TOKEN_MAP
        : tokens.get().getReplicas(keyspace, routingKey);
  }
}
