package io.iotpipeline.cli;

import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.ingest.FatalIngestException;
import io.iotpipeline.ingest.IngestMetrics;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.ingest.KafkaIngester;
import io.iotpipeline.process.StopSignal;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iot ingest}: the Kafka -> Cassandra writer. Wiring only; see docs/ingest.md. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Consume readings from kafka.topic and store them in Cassandra (sensor_data, "
          + "sensor_latest, sensors); invalid records go to kafka.dlq-topic with the reason.",
      "Offsets are committed only after the rows are acknowledged: a crash replays, never loses. "
          + "Runs until Ctrl-C (graceful: finishes writes, commits) or a stop option. "
          + "See docs/ingest.md."
    })
public final class IngestCommand implements Callable<Integer> {

  /** A stop drains the writes in flight and commits them, which waits out a Cassandra outage. */
  private static final Duration INGEST_STOP_GRACE = Duration.ofSeconds(90);

  @Mixin GlobalOptions global;

  @Option(
      names = "--group",
      paramLabel = "ID",
      description =
          "Consumer group (default ingest.group-id = iot-ingest). Instances of one group "
              + "share the partitions.")
  String group;

  @Option(
      names = "--max-records",
      paramLabel = "N",
      description = "Stop after exactly N records (later ones stay uncommitted for the next run).")
  long maxRecords;

  @Option(
      names = "--idle-stop",
      paramLabel = "D",
      description = "Stop after this long without records, e.g. 30s (default: never).")
  String idleStop;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      description = "Cassandra batch requests in flight at once (default ingest.in-flight = 32).")
  Integer inFlight;

  @Option(
      names = "--batch-rows",
      paramLabel = "N",
      description = "Most rows per partition batch (default ingest.batch-rows = 100; max 200).")
  Integer batchRows;

  @Option(
      names = "--progress",
      defaultValue = "5s",
      paramLabel = "D",
      description = "How often to print the progress line (default 5s).")
  String progressInterval;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = global.loadAs("ingest");
    KafkaSettings kafka = KafkaSettings.from(settings);
    CassandraSettings cassandra = CassandraSettings.from(settings);
    IngestOptions options = options(settings);
    System.out.printf(
        "Ingesting %s -> %s.sensor_data as group %s (DLQ %s)%s%n",
        kafka.topic(),
        cassandra.keyspace(),
        options.groupId(),
        kafka.dlqTopic(),
        describeStop(options));
    try (RunningJobs.Registration job = Jobs.register(settings, "ingest")) {
      return run(options, kafka, cassandra, job);
    }
  }

  private int run(
      IngestOptions options,
      KafkaSettings kafka,
      CassandraSettings cassandra,
      RunningJobs.Registration job)
      throws InterruptedException {
    KafkaIngester ingester;
    try {
      ingester =
          KafkaIngester.create(
              options,
              kafka,
              cassandra,
              Clock.systemUTC(),
              snapshot -> {
                printProgress(snapshot);
                job.update(
                    String.format(
                        Locale.ROOT,
                        "%,d rows stored, %,.0f rows/s, lag %d",
                        snapshot.rows(),
                        snapshot.rowsPerSecond(),
                        snapshot.consumerLag()));
              });
    } catch (FatalIngestException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    long began = System.nanoTime();
    // Closed once the summary is out: a Ctrl-C stops the ingester, then waits for that.
    try (StopSignal ctrlC = StopSignal.install("ingest", INGEST_STOP_GRACE);
        KafkaIngester running = ingester) {
      ctrlC.onStop(ingester::stop);
      ingester.start();
      while (!ingester.awaitTermination(Duration.ofSeconds(1))) {
        // the metrics reporter prints progress; this thread only waits
      }
      ingester.close();
      printSummary(ingester.metrics(), Duration.ofNanos(System.nanoTime() - began));
      if (ingester.failure().isPresent()) {
        throw new UserFacingException("ingest stopped: " + ingester.failure().get().getMessage());
      }
      return 0;
    }
  }

  private IngestOptions options(Settings settings) {
    try {
      IngestOptions options =
          IngestOptions.from(settings).withMetricsInterval(Durations.parse(progressInterval));
      if (group != null) {
        options = options.withGroupId(group);
      }
      options =
          options.withBatching(
              inFlight == null ? options.maxInFlight() : inFlight,
              batchRows == null ? options.batchRows() : batchRows);
      return options.withStop(
          idleStop == null ? Duration.ZERO : Durations.parse(idleStop), maxRecords);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  private static String describeStop(IngestOptions options) {
    StringBuilder stop = new StringBuilder();
    if (options.stopsAfterCount()) {
      stop.append(String.format(Locale.ROOT, "; stops after %,d records", options.maxRecords()));
    }
    if (options.stopsWhenIdle()) {
      stop.append("; stops after ").append(Durations.format(options.idleStop())).append(" idle");
    }
    return stop.append(". Ctrl-C stops gracefully.").toString();
  }

  private static void printProgress(IngestMetrics.Snapshot snapshot) {
    System.out.printf(
        Locale.ROOT,
        "  %,9.0f records/s  %,9.0f rows/s  rows %,12d  DLQ %,d  lag %s  "
            + "batch p99 %.1f ms  e2e p99 %.0f ms%s%n",
        snapshot.recordsPerSecond(),
        snapshot.rowsPerSecond(),
        snapshot.rows(),
        snapshot.deadLetters(),
        snapshot.consumerLag() < 0
            ? "-"
            : String.format(Locale.ROOT, "%,d", snapshot.consumerLag()),
        snapshot.batchP99Millis(),
        snapshot.e2eP99Millis(),
        snapshot.writesStalled() ? "  (Cassandra unavailable: paused, retrying)" : "");
  }

  private static void printSummary(IngestMetrics metrics, Duration elapsed) {
    double[] latency = metrics.endToEndPercentiles();
    double[] batch = metrics.batchPercentiles();
    System.out.printf(
        Locale.ROOT,
        "Done in %s: %,d records, %,d rows stored, %,d dead letters; "
            + "mean %,.0f rows/s; batch p50/p99 %.1f/%.1f ms; produce->stored p50/p99 %.0f/%.0f ms%n",
        Durations.format(elapsed),
        metrics.records(),
        metrics.rows(),
        metrics.deadLetters(),
        metrics.rows() / Math.max(1e-3, elapsed.toNanos() / 1e9),
        batch[0],
        batch[1],
        latency[0],
        latency[1]);
  }
}
