package io.iotpipeline.bench.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.analytics.bench.CpuSettle;
import io.iotpipeline.bench.BenchSettings;
import io.iotpipeline.bench.load.FleetLoad;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.ingest.FatalIngestException;
import io.iotpipeline.ingest.IngestMetrics;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.ingest.IngestSessions;
import io.iotpipeline.ingest.KafkaIngester;
import io.iotpipeline.ingest.ReadingWriter;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Measures the ingester on this machine in three phases, all in one run so the figures compare:
 *
 * <ol>
 *   <li>raw ceiling: full partition-grouped batches written straight through {@link ReadingWriter};
 *   <li>sustained end to end: the simulator ({@link FleetLoad}) sends N readings as fast as it can
 *       while an ingester in this JVM stores them; rate = N / (first send .. last row
 *       acknowledged);
 *   <li>latency at a fixed rate: Kafka record timestamp (set at send) to row acknowledged.
 * </ol>
 *
 * Scratch topics are deleted afterwards; rows go to {@code bench_keyspace} with a one-day TTL.
 */
public final class IngestBenchmark {

  /**
   * How long each phase runs.
   *
   * @param warmup excluded at the start of the raw and sustained phases (JIT, first fetches)
   * @param latencyWarmup excluded at the start of the latency phase: a fresh ingester also
   *     registers every sensor it sees first, in the background
   */
  public record Plan(
      Duration raw,
      Duration e2eTarget,
      Duration latency,
      Duration warmup,
      Duration latencyWarmup,
      double latencyRate,
      int sensors) {
    public static Plan full() {
      return new Plan(
          Duration.ofSeconds(20),
          Duration.ofSeconds(20),
          Duration.ofSeconds(20),
          Duration.ofSeconds(3),
          Duration.ofSeconds(5),
          10_000,
          1000);
    }

    public static Plan quick() {
      return new Plan(
          Duration.ofSeconds(8),
          Duration.ofSeconds(8),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2),
          Duration.ofSeconds(4),
          10_000,
          1000);
    }
  }

  private static final int RAW_SENSOR_BASE = 1_000_000;

  private final CassandraSettings cassandra;
  private final KafkaSettings kafka;
  private final IngestOptions options;
  private final Plan plan;
  private final Clock clock;
  private final Consumer<String> progress;
  private final String runId;

  public IngestBenchmark(
      KafkaSettings kafka,
      CassandraSettings cassandra,
      IngestOptions options,
      Plan plan,
      Clock clock,
      Consumer<String> progress) {
    this.kafka = kafka;
    this.cassandra =
        cassandra.withKeyspace(BenchSettings.KEYSPACE).withDefaultTtl(Duration.ofDays(1));
    this.options = options.withMetricsInterval(Duration.ofSeconds(1));
    this.plan = plan;
    this.clock = clock;
    this.progress = progress;
    this.runId = Long.toString(clock.millis(), 36);
  }

  /** The figures, in the order they are reported; the keys are the JSON keys. */
  public Map<String, Object> run() throws InterruptedException {
    try (CqlSession session = IngestSessions.open(cassandra)) {
      progress.accept("Preparing " + BenchSettings.KEYSPACE + " ...");
      new SchemaMigrator(cassandra).migrate(session);
    }
    settle();
    Raw raw = rawCeiling();
    long count =
        Math.max(
            100_000,
            Math.min(
                3_000_000,
                Math.round(
                    raw.rowsPerSecond() * plan.e2eTarget().plus(plan.warmup()).toSeconds())));
    settle();
    Sustained sustained = sustained(count);
    settle();
    return figures(raw, sustained, latency(), options, plan.sensors());
  }

  /** The raw phase: rows/s after the warm-up, and rows per write request. */
  record Raw(double rowsPerSecond, double rowsPerRequest) {}

  /**
   * The sustained phase.
   *
   * @param rowsPerSecond after the warm-up
   * @param rows stored in all
   * @param seconds first send to last row stored, warm-up included
   * @param rowsPerRequest rows per write request
   */
  record Sustained(double rowsPerSecond, long rows, double seconds, double rowsPerRequest) {}

  /** The latency phase: produce -> row percentiles in ms at the rate reached. */
  record Latency(double p50Millis, double p99Millis, double maxMillis, double ratePerSecond) {}

  /** The section's figures under their JSON keys, in the order they are reported. */
  static Map<String, Object> figures(
      Raw raw, Sustained e2e, Latency latency, IngestOptions options, int sensors) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("raw_ceiling_rows_per_s", Math.round(raw.rowsPerSecond()));
    figures.put("raw_rows_per_request", round2(raw.rowsPerRequest()));
    long e2eRate = Math.round(e2e.rowsPerSecond());
    figures.put("e2e_rows_per_s", e2eRate);
    figures.put("e2e_rows", e2e.rows());
    figures.put("e2e_seconds", round2(e2e.seconds()));
    figures.put("e2e_rows_per_s_incl_rampup", Math.round(e2e.rows() / e2e.seconds()));
    // Fewer rows per request than the raw phase's full batches cost Cassandra more CPU per row.
    figures.put("e2e_rows_per_request", round2(e2e.rowsPerRequest()));
    figures.put("e2e_ratio", round2(e2eRate / raw.rowsPerSecond()));
    figures.put("e2e_latency_p50_ms", round2(latency.p50Millis()));
    figures.put("e2e_latency_p99_ms", round2(latency.p99Millis()));
    figures.put("e2e_latency_max_ms", round2(latency.maxMillis()));
    figures.put("latency_rate_per_s", Math.round(latency.ratePerSecond()));
    figures.put("batch_rows", options.batchRows());
    figures.put("in_flight", options.maxInFlight());
    figures.put("max_poll_records", options.maxPollRecords());
    figures.put("sensors", sensors);
    return figures;
  }

  /**
   * Lets the previous phase's background work (Cassandra flushes and compactions, Kafka segment
   * work, garbage collection) finish, so that no phase pays for another.
   */
  private void settle() throws InterruptedException {
    Duration waited = CpuSettle.awaitQuietBetweenPhases();
    if (waited.toSeconds() > 1) {
      progress.accept("  (waited " + waited.toSeconds() + " s for the CPUs to go quiet)");
    }
  }

  private Raw rawCeiling() {
    progress.accept(
        "raw ceiling: full "
            + options.batchRows()
            + "-row partition batches through "
            + "ReadingWriter for "
            + plan.raw().toSeconds()
            + " s ...");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    IngestMetrics metrics = new IngestMetrics(clock);
    try (CqlSession session = IngestSessions.open(cassandra);
        ReadingWriter writer =
            ReadingWriter.create(
                session, BenchSettings.KEYSPACE, options, metrics, clock, scheduler)) {
      RawReadings chunks =
          new RawReadings(
              RAW_SENSOR_BASE,
              plan.sensors(),
              options.batchRows(),
              options.maxPollRecords(),
              clock.instant().truncatedTo(ChronoUnit.SECONDS));
      Deque<CompletableFuture<Void>> pending = new ArrayDeque<>();
      List<CompletableFuture<Void>> latestFlushes = new ArrayList<>();
      long began = System.nanoTime();
      long warmEnd = began + plan.warmup().toNanos();
      long end = warmEnd + plan.raw().toNanos();
      long rowsAtWarm = -1;
      long warmAt = 0;
      while (System.nanoTime() < end) {
        if (rowsAtWarm < 0 && System.nanoTime() >= warmEnd) {
          rowsAtWarm = metrics.rows();
          warmAt = System.nanoTime();
        }
        if (pending.size() >= options.maxPendingPolls()) {
          pending.removeFirst().join();
        }
        // Back-pressure on the rows, as in the ingester; sensor_latest flushes are awaited last.
        ReadingWriter.Written written = writer.writeTracked(chunks.next());
        pending.addLast(written.rows());
        latestFlushes.add(written.all());
      }
      long rows = metrics.rows() - Math.max(0, rowsAtWarm);
      double seconds = (System.nanoTime() - (warmAt == 0 ? began : warmAt)) / 1e9;
      pending.forEach(CompletableFuture::join);
      latestFlushes.forEach(CompletableFuture::join);
      double rate = rows / seconds;
      double[] batch = metrics.batchPercentiles();
      progress.accept(
          String.format(
              Locale.ROOT,
              "  raw ceiling %,.0f rows/s (batch p50 %.1f ms, p99 %.1f ms)",
              rate,
              batch[0],
              batch[1]));
      return new Raw(rate, metrics.rows() / (double) metrics.batches());
    } finally {
      scheduler.shutdownNow();
    }
  }

  private Sustained sustained(long count) throws InterruptedException {
    KafkaSettings topic = scratchTopic("e2e");
    progress.accept(
        String.format(
            Locale.ROOT,
            "sustained e2e: %,d readings, simulator unpaced -> "
                + "Kafka -> ingest -> Cassandra ...",
            count));
    Instant eventStart = clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
    try (KafkaIngester ingester = startIngester(topic, "e2e")) {
      long began = System.nanoTime();
      Thread producer = produceInBackground(topic, count, 0, eventStart);
      // Sustained = after the ramp-up (JIT, first fetches), like the raw phase.
      Thread.sleep(plan.warmup().toMillis());
      long rowsAtWarm = ingester.metrics().rows();
      long warmAt = System.nanoTime();
      awaitRows(ingester, count, Duration.ofMinutes(3));
      long endedAt = System.nanoTime();
      producer.join();
      long stored = ingester.metrics().rows();
      long sampled = verifySample(eventStart, count);
      double rate = (stored - rowsAtWarm) / ((endedAt - warmAt) / 1e9);
      double seconds = (endedAt - began) / 1e9;
      progress.accept(
          String.format(
              Locale.ROOT,
              "  e2e %,.0f rows/s after the %d s warm-up (%,d rows "
                  + "in %.1f s in all, %,.0f rows/s; sampled partitions hold %,d rows as expected)",
              rate,
              plan.warmup().toSeconds(),
              stored,
              seconds,
              stored / seconds,
              sampled));
      return new Sustained(rate, stored, seconds, stored / (double) ingester.metrics().batches());
    } finally {
      deleteTopic(topic);
    }
  }

  private Latency latency() throws InterruptedException {
    KafkaSettings topic = scratchTopic("latency");
    long count =
        Math.round(
            plan.latencyRate() * (plan.latencyWarmup().plus(plan.latency()).toMillis() / 1000.0));
    progress.accept(
        String.format(
            Locale.ROOT,
            "latency: simulator at %,.0f readings/s for %d s " + "(first %d s warm-up) ...",
            plan.latencyRate(),
            plan.latencyWarmup().plus(plan.latency()).toSeconds(),
            plan.latencyWarmup().toSeconds()));
    Instant eventStart = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    try (KafkaIngester ingester = startIngester(topic, "latency")) {
      long began = System.nanoTime();
      Thread producer = produceInBackground(topic, count, plan.latencyRate(), eventStart);
      Thread.sleep(plan.latencyWarmup().toMillis());
      ingester.metrics().resetEndToEnd();
      producer.join();
      double sendSeconds = (System.nanoTime() - began) / 1e9;
      awaitRows(ingester, count, Duration.ofMinutes(1));
      double[] latency = ingester.metrics().endToEndPercentiles();
      progress.accept(
          String.format(
              Locale.ROOT,
              "  latency p50 %.0f ms, p99 %.0f ms, max %.0f ms " + "at %,.0f readings/s",
              latency[0],
              latency[1],
              latency[2],
              count / sendSeconds));
      return new Latency(latency[0], latency[1], latency[2], count / sendSeconds);
    } finally {
      deleteTopic(topic);
    }
  }

  private KafkaIngester startIngester(KafkaSettings topic, String phase)
      throws InterruptedException {
    KafkaIngester ingester =
        KafkaIngester.create(
                options.withGroupId("bench-" + runId + "-" + phase),
                topic,
                cassandra,
                clock,
                snapshot -> {})
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (ingester.metrics().assignedPartitions() == 0) {
      if (System.nanoTime() > deadline || !ingester.isRunning()) {
        ingester.close();
        throw new FatalIngestException(
            "bench ingester did not join its group: "
                + ingester.failure().map(Throwable::getMessage).orElse("timed out"));
      }
      Thread.sleep(50);
    }
    return ingester;
  }

  private Thread produceInBackground(
      KafkaSettings topic, long count, double rate, Instant eventStart) {
    Thread producer =
        new Thread(
            () -> FleetLoad.produce(topic, plan.sensors(), count, rate, eventStart), "bench-load");
    producer.setDaemon(true);
    producer.start();
    return producer;
  }

  private void awaitRows(KafkaIngester ingester, long count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (ingester.metrics().rows() < count) {
      if (!ingester.isRunning() || System.nanoTime() > deadline) {
        throw new FatalIngestException(
            String.format(
                Locale.ROOT,
                "bench stored %,d of %,d rows: %s",
                ingester.metrics().rows(),
                count,
                ingester.failure().map(Throwable::getMessage).orElse("timed out")));
      }
      if (System.nanoTime() > nextReport) {
        IngestMetrics.Snapshot snapshot = ingester.metrics().latest();
        progress.accept(
            String.format(
                Locale.ROOT,
                "  ... %,d records polled, %,d rows stored, " + "%,.0f rows/s, lag %,d",
                ingester.metrics().records(),
                snapshot.rows(),
                snapshot.rowsPerSecond(),
                snapshot.consumerLag()));
        nextReport += TimeUnit.SECONDS.toNanos(2);
      }
      Thread.sleep(20);
    }
  }

  /**
   * Counts the rows of 20 sensors straight from Cassandra: each must hold count/sensors readings
   * (one more for the first few), written in this run (ingested_at filters out older runs).
   */
  private long verifySample(Instant eventStart, long count) {
    long perSensor = count / plan.sensors();
    Instant eventEnd = eventStart.plusSeconds(perSensor + 2);
    Instant runStart = Instant.ofEpochMilli(Long.parseLong(runId, 36));
    long total = 0;
    try (CqlSession session = IngestSessions.open(cassandra)) {
      for (int sensor = 1; sensor <= plan.sensors(); sensor += Math.max(1, plan.sensors() / 20)) {
        long rows = 0;
        for (LocalDate day = SensorDay.utcDay(eventStart);
            !day.isAfter(SensorDay.utcDay(eventEnd));
            day = day.plusDays(1)) {
          rows +=
              session
                  .execute(
                      SimpleStatement.newInstance(
                              "SELECT COUNT(*) FROM "
                                  + Tables.SENSOR_DATA.in(BenchSettings.KEYSPACE)
                                  + " WHERE sensor_id = ? AND day = ? AND timestamp >= ? AND timestamp < ? "
                                  + "AND ingested_at >= ? ALLOW FILTERING",
                              sensor,
                              day,
                              eventStart,
                              eventEnd,
                              runStart)
                          .setTimeout(Duration.ofSeconds(30)))
                  .one()
                  .getLong(0);
        }
        if (rows != perSensor && rows != perSensor + 1) {
          throw new FatalIngestException(
              "bench verification: sensor "
                  + sensor
                  + " has "
                  + rows
                  + " rows, expected "
                  + perSensor
                  + " or "
                  + (perSensor + 1));
        }
        total += rows;
      }
    }
    return total;
  }

  private KafkaSettings scratchTopic(String phase) {
    String name = "bench-ingest-" + runId + "-" + phase;
    KafkaTopics.ensure(
        kafka,
        List.of(
            new NewTopic(name, kafka.partitions(), kafka.replicationFactor()),
            new NewTopic(name + "-dlq", 1, kafka.replicationFactor())));
    return kafka.withTopics(name, name + "-dlq", name + "-truth");
  }

  private void deleteTopic(KafkaSettings topic) {
    try {
      KafkaTopics.delete(kafka, List.of(topic.topic(), topic.dlqTopic()));
    } catch (ClientException e) {
      progress.accept(
          "  (could not delete scratch topic " + topic.topic() + ": " + e.getMessage() + ")");
    }
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
