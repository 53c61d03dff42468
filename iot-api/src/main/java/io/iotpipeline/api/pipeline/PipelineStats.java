package io.iotpipeline.api.pipeline;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.api.query.Records.LatestReading;
import io.iotpipeline.model.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pipeline's state as one document ({@code /api/stats}) and as Prometheus gauges: Kafka offsets
 * (rates, lag, dead letters), Cassandra (sensors, freshness of the newest reading), the analytics'
 * last micro-batches ({@code stream_progress}) and in-process ingest metrics if any.
 */
public final class PipelineStats {

  /** The streaming queries of iot-analytics, whose progress rows are keyed by these names. */
  static final List<String> STREAMING_QUERIES = List.of("minute-aggregates", "reading-alerts");

  private final KafkaSampler kafka;
  private final Supplier<List<LatestReading>> fleet;
  private final CqlSession session;
  private final PreparedStatement lastBatch;
  private final PipelineMetricsSource ingest;
  private final Clock clock;

  public PipelineStats(
      KafkaSampler kafka,
      Supplier<List<LatestReading>> fleet,
      CqlSession session,
      String keyspace,
      PipelineMetricsSource ingest,
      Clock clock) {
    this.kafka = kafka;
    this.fleet = fleet;
    this.session = session;
    this.lastBatch =
        session.prepare(
            "SELECT batch_id, recorded_at, input_rows,"
                + " processed_rows_per_second, late_rows, invalid_rows, watermark, duration_ms FROM "
                + Tables.STREAM_PROGRESS.in(keyspace)
                + " WHERE query = ? LIMIT 1");
    this.ingest = ingest;
    this.clock = clock;
  }

  public Map<String, Object> snapshot() {
    Instant now = clock.instant();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("at", now.toString());
    stats.put("kafka", kafkaSection(kafka.latest()));
    stats.put("cassandra", cassandraSection(now));
    stats.put("analytics", analyticsSection());
    stats.put("ingest", ingest.metrics());
    return stats;
  }

  /** One gauge of {@code /metrics}. */
  public record Gauge(String name, String help, double value) {}

  /** The gauges of {@code /metrics}. */
  public List<Gauge> gauges() {
    KafkaSample sample = kafka.latest();
    List<Gauge> gauges = new ArrayList<>();
    gauges.add(
        new Gauge(
            "iot_kafka_reachable",
            "1 when the last offset sample succeeded",
            sample.reachable() ? 1 : 0));
    gauges.add(
        new Gauge(
            "iot_readings_produced", "End offsets of the readings topic (sum)", sample.topicEnd()));
    gauges.add(
        new Gauge(
            "iot_readings_ingested",
            "Offsets committed by the ingest group (sum)",
            sample.committed()));
    gauges.add(
        new Gauge(
            "iot_readings_produced_per_second",
            "Growth of the topic's end offsets",
            sample.producedPerSecond()));
    gauges.add(
        new Gauge(
            "iot_readings_ingested_per_second",
            "Growth of the ingest group's committed offsets",
            sample.ingestedPerSecond()));
    gauges.add(
        new Gauge(
            "iot_kafka_ingest_lag",
            "Readings produced but not committed by the ingest group (-1: unknown)",
            sample.consumerLag()));
    gauges.add(
        new Gauge("iot_dead_letters", "Records in the dead-letter topic", sample.deadLetters()));
    gauges.add(new Gauge("iot_alerts_published", "Records in the alerts topic", sample.alerts()));
    List<LatestReading> sensors = fleet.get();
    gauges.add(new Gauge("iot_sensors", "Sensors with a latest reading", sensors.size()));
    newest(sensors)
        .ifPresent(
            newest ->
                gauges.add(
                    new Gauge(
                        "iot_newest_reading_age_seconds",
                        "Event-time age of the newest reading in sensor_latest",
                        Duration.between(newest, clock.instant()).toMillis() / 1000.0)));
    ingest
        .metrics()
        .forEach(
            (name, value) ->
                gauges.add(
                    new Gauge("iot_ingest_" + name, "In-process ingester metric " + name, value)));
    return gauges;
  }

  private static Map<String, Object> kafkaSection(KafkaSample sample) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("reachable", sample.reachable());
    section.put("sampled_at", sample.at().toString());
    if (sample.error() != null) {
      section.put("error", sample.error());
    }
    section.put("produced_per_second", Math.round(sample.producedPerSecond() * 10) / 10.0);
    section.put("ingested_per_second", Math.round(sample.ingestedPerSecond() * 10) / 10.0);
    section.put("consumer_lag", sample.consumerLag());
    section.put("readings_produced", sample.topicEnd());
    section.put("readings_ingested", sample.committed());
    section.put("dead_letters", sample.deadLetters());
    section.put("alerts_published", sample.alerts());
    return section;
  }

  private Map<String, Object> cassandraSection(Instant now) {
    List<LatestReading> sensors = fleet.get();
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("sensors", sensors.size());
    newest(sensors)
        .ifPresent(
            newest -> {
              section.put("newest_reading", newest.toString());
              section.put(
                  "newest_reading_age_seconds", Duration.between(newest, now).toMillis() / 1000.0);
            });
    return section;
  }

  private List<Map<String, Object>> analyticsSection() {
    List<Map<String, Object>> batches = new ArrayList<>();
    for (String query : STREAMING_QUERIES) {
      Row row = session.execute(lastBatch.bind(query)).one();
      if (row == null) {
        continue;
      }
      Map<String, Object> batch = new LinkedHashMap<>();
      batch.put("query", query);
      batch.put("batch_id", row.getLong(0));
      batch.put("recorded_at", String.valueOf(row.getInstant(1)));
      batch.put("input_rows", row.getLong(2));
      batch.put("processed_rows_per_second", row.getDouble(3));
      batch.put("late_rows", row.getLong(4));
      batch.put("invalid_rows", row.getLong(5));
      batch.put("watermark", String.valueOf(row.getInstant(6)));
      batch.put("duration_ms", row.getLong(7));
      batches.add(batch);
    }
    return batches;
  }

  private static java.util.Optional<Instant> newest(List<LatestReading> fleet) {
    return fleet.stream()
        .map(LatestReading::timestamp)
        .filter(t -> t != null)
        .max(Instant::compareTo);
  }
}
