package io.iotpipeline.chaos;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.analytics.StreamingJob;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.SettingsFile;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.LocalStack;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * One chaos run against the local stack: a workload of uniquely keyed readings goes through Kafka
 * and an ingester child process into Cassandra (and the Spark streaming job, with {@link
 * ChaosOptions#withStream}) while faults are injected one at a time; then the pipeline is drained
 * and everything is counted from independent reads of Cassandra and Kafka.
 *
 * <p>A run has topics and a keyspace of its own ({@value #KEYSPACE}, recreated), so it never
 * touches the pipeline's data and its counts are exact.
 */
public final class ChaosRun {

  public static final String KEYSPACE = "iot_chaos";
  static final String TOPIC_PREFIX = "chaos-";
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final Settings baseSettings;
  private final ChaosOptions options;
  private final String iotMainClass;
  private final PrintStream out;

  /** What this run did and found, in order; a ChaosRun runs once. */
  private final List<FaultInjector.Injected> injected = new ArrayList<>();

  private final List<String> failed = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private long began;

  /**
   * @param iotMainClass the {@code iot} command's main class, which the ingester child runs (the
   *     CLI passes its own: this module cannot name it)
   */
  public ChaosRun(Settings settings, ChaosOptions options, String iotMainClass, PrintStream out) {
    this.baseSettings = settings;
    this.options = options;
    this.iotMainClass = iotMainClass;
    this.out = out;
  }

  public Verdict run() throws Exception {
    String runId =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Settings settings = runSettings(runId);
    KafkaSettings kafka = KafkaSettings.from(settings);
    CassandraSettings cassandra = CassandraSettings.from(settings);
    LocalStack stack = new LocalStack(StackSettings.from(settings));
    Path runDir = Path.of(settings.get("data-dir"), "chaos", runId).toAbsolutePath().normalize();
    Files.createDirectories(runDir);
    requireStack(stack);
    prepare(kafka, cassandra);
    Path settingsFile = SettingsFile.write(settings, runDir, "settings-");
    List<Fault> order = schedule(options.faults(), options.seed());
    out.printf(
        Locale.ROOT,
        "Chaos run %s: %,d readings of %,d sensors at %,d/s into %s -> "
            + "ingester -> %s.sensor_data%s%n  faults every %d s, in this order: %s (seed %d)%n"
            + "  logs: %s%n",
        runId,
        options.readings(),
        options.sensors(),
        options.rate(),
        kafka.topic(),
        KEYSPACE,
        options.withStream() ? " (+ Spark streaming job)" : "",
        options.every().toSeconds(),
        String.join(", ", order.stream().map(Fault::flag).toList()),
        options.seed(),
        runDir);

    warnIfTheWorkloadEndsFirst(order.size());
    Workload workload =
        new Workload(
            options.readings(), options.sensors(), options.rate(), Instant.now(), options.seed());
    String group = "chaos-ingest-" + runId;
    began = System.nanoTime();
    try (IngestMonitor monitor = new IngestMonitor(kafka, group, kafka.topic());
        FuzzProducer fuzz = new FuzzProducer(kafka, kafka.topic(), options.seed());
        IngesterSupervisor ingester =
            new IngesterSupervisor(iotMainClass, settingsFile, group, runDir);
        StreamSupervisor stream =
            options.withStream()
                ? new StreamSupervisor(settings, runDir.resolve("checkpoints"), runDir)
                : null;
        WorkloadProducer producer =
            new WorkloadProducer(kafka, kafka.topic(), workload, options.rate());
        ProgressPrinter progress = new ProgressPrinter(producer, monitor);
        FaultInjector faults =
            new FaultInjector(
                stack,
                ingester,
                stream,
                fuzz,
                kafka.topic(),
                options.pause(),
                options.fuzzMessages())) {
      ingester.start();
      if (stream != null) {
        stream.start();
      }
      monitor.start();
      producer.start();
      progress.start();
      injectFaults(order, producer, faults, ingester, stream);
      producer.awaitSent();
      out.printf(
          Locale.ROOT,
          "  %5.0f s  workload sent; draining (up to %d s)%n",
          seconds(began),
          options.drainTimeout().toSeconds());
      boolean drained = drain(monitor, ingester);
      if (!drained) {
        notes.add(
            "the ingester had not caught up "
                + options.drainTimeout().toSeconds()
                + " s after the workload ended; see "
                + ingester.current().log());
      }
      boolean streamCaughtUp = stream == null || awaitStream(stream, monitor, kafka.topic());
      progress.close();
      ingester.close(); // SIGTERM: it finishes, commits and prints its summary
      if (stream != null) {
        stream.close();
      }
      if (unplannedExits > 0) {
        out.printf("  %d unplanned process exit(s); see the notes below%n", unplannedExits);
      }
      return judge(
          workload,
          kafka,
          cassandra,
          producer,
          fuzz,
          monitor.samples(),
          ingester.rowsReported(),
          drained,
          stream == null ? null : streamCaughtUp);
    }
  }

  /** Every kind once in the schedule's order, one every {@code every}, while the workload runs. */
  private void injectFaults(
      List<Fault> order,
      WorkloadProducer producer,
      FaultInjector faults,
      IngesterSupervisor ingester,
      StreamSupervisor stream)
      throws Exception {
    int next = 0;
    long nextAt = began + options.every().toNanos();
    while (!producer.isDone() || next < order.size()) {
      restartIfExited(ingester);
      restartIfExited(stream);
      if (System.nanoTime() >= nextAt) {
        Fault fault = order.get(next % order.size());
        next++;
        out.printf(
            Locale.ROOT,
            "  %5.0f s  fault %d: %s (%s)%n",
            seconds(began),
            next,
            fault.flag(),
            fault.description());
        try {
          FaultInjector.Injected done = faults.inject(fault);
          synchronized (injected) {
            injected.add(done);
          }
          out.printf(Locale.ROOT, "  %5.0f s    %s%n", seconds(began), done.detail());
        } catch (Exception e) {
          failed.add(fault.flag() + ": " + e.getMessage());
          out.printf("  fault %s could not be injected: %s%n", fault.flag(), e.getMessage());
        }
        nextAt += options.every().toNanos(); // start to start: a long fault delays only itself
      }
      Thread.sleep(200);
    }
  }

  /**
   * Counts, from independent reads of Cassandra and Kafka, what became of the workload.
   *
   * @param streamCaughtUp null without the streaming job
   */
  private Verdict judge(
      Workload workload,
      KafkaSettings kafka,
      CassandraSettings cassandra,
      WorkloadProducer producer,
      FuzzProducer fuzz,
      List<IngestMonitor.Sample> samples,
      long rowsReported,
      boolean drained,
      Boolean streamCaughtUp)
      throws Exception {
    out.printf(
        Locale.ROOT,
        "  %5.0f s  checking: reading back sensor_data and %s%n",
        seconds(began),
        kafka.dlqTopic());
    StoredReadings stored;
    OptionalLong streamMismatched = OptionalLong.empty();
    try (CqlSession session = CassandraSessions.open(cassandra)) {
      stored = StoredReadings.read(session, KEYSPACE, workload);
      if (streamCaughtUp != null) {
        StreamAudit.Result result = StreamAudit.compare(session, KEYSPACE, workload);
        out.printf(
            Locale.ROOT,
            "  compared %,d minute windows of sensor_agg_minute with a "
                + "recomputation from sensor_data%n",
            result.windows());
        streamMismatched = OptionalLong.of(result.mismatched() + (streamCaughtUp ? 0 : 1));
        if (result.mismatched() > 0) {
          notes.add("minute windows that differ, e.g. " + String.join("; ", result.samples()));
        }
      }
    }
    DeadLetterAudit deadLetters =
        DeadLetterAudit.read(kafka, kafka.dlqTopic(), kafka.topic(), fuzz.acknowledged());
    BitSet lost = producer.acknowledged();
    lost.andNot(stored.stored());
    if (stored.unexpected() > 0) {
      notes.add("unexpected rows, e.g. " + String.join("; ", stored.unexpectedSamples()));
    }
    if (!lost.isEmpty()) {
      notes.add(
          "lost readings, e.g. indexes "
              + lost.stream().limit(5).boxed().toList()
              + " (sensor = index % "
              + options.sensors()
              + ")");
    }
    if (deadLetters.fuzzMissing() > 0) {
      notes.add("hostile messages missing from the DLQ, e.g. " + deadLetters.fuzzMissingSample());
    }
    if (producer.failed() > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%,d sends failed (indeterminate), first: %s",
              producer.failed(),
              producer.firstFailure()));
    }
    // Records in the topic that are not hostile: each a delivery the ingester had to make; a
    // reading in it twice (a producer's resend) is a duplicate the upserts absorbed too.
    long readingsInTopic =
        samples.isEmpty() ? 0 : samples.get(samples.size() - 1).end() - fuzz.acknowledged().size();
    List<Verdict.FaultOutcome> outcomes =
        injected.stream()
            .map(
                fault ->
                    new Verdict.FaultOutcome(
                        fault.fault().flag(),
                        (fault.startedNanos() - began) / 1e9,
                        fault.detail(),
                        Recovery.seconds(samples, fault.startedNanos(), fault.endedNanos())))
            .toList();
    return new Verdict(
        producer.attempted(),
        producer.acknowledgedCount(),
        stored.count(),
        lost.cardinality(),
        stored.unexpected(),
        Math.max(0, Math.max(rowsReported, readingsInTopic) - stored.count()),
        Math.max(0, readingsInTopic - stored.count()),
        deadLetters.deadLetters(),
        fuzz.sent(),
        fuzz.acknowledged().size(),
        deadLetters.fuzzMissing(),
        outcomes,
        Recovery.longestStallSeconds(samples),
        failed,
        unplannedExits,
        drained,
        streamMismatched,
        seconds(began),
        notes);
  }

  /** Faults after the workload has ended hit an idle pipeline and prove little: say so up front. */
  private void warnIfTheWorkloadEndsFirst(int faults) {
    double workloadSeconds = (double) options.readings() / options.rate();
    long lastFaultAt = faults * options.every().toSeconds();
    if (lastFaultAt >= workloadSeconds) {
      out.printf(
          Locale.ROOT,
          "  note: the workload takes about %.0f s and the last fault comes at "
              + "about %d s: faults after the workload hit an idle pipeline. Raise --readings or lower "
              + "--every.%n",
          workloadSeconds,
          lastFaultAt);
    }
  }

  private Settings runSettings(String runId) {
    String prefix = TOPIC_PREFIX + runId + "-";
    return baseSettings.with(
        Map.of(
            "cassandra.keyspace", KEYSPACE,
            "kafka.topic", prefix + "iotdata",
            "kafka.dlq-topic", prefix + "iotdata-dlq",
            "kafka.truth-topic", prefix + "iotdata-truth",
            "kafka.alerts-topic", prefix + "iot-alerts"));
  }

  private void requireStack(LocalStack stack) {
    if (!stack.isUp()) {
      out.println("The local stack is not running; starting it (./iot stack up).");
      stack.up();
    }
  }

  /** Fresh topics and keyspace; earlier runs' topics are deleted (their keyspace is reused). */
  private void prepare(KafkaSettings kafka, CassandraSettings cassandra) throws Exception {
    try (Admin admin = KafkaTopics.admin(kafka)) {
      List<String> earlier =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(name -> name.startsWith(TOPIC_PREFIX))
              .toList();
      if (!earlier.isEmpty()) {
        KafkaTopics.delete(kafka, earlier);
      }
    }
    KafkaTopics.ensure(kafka);
    try (CqlSession session = CassandraSessions.open(cassandra)) {
      session.execute(
          SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + KEYSPACE)
              .setTimeout(cassandra.ddlTimeout()));
      new SchemaMigrator(cassandra).migrate(session);
    }
  }

  /** Every fault once, in an order the seed shuffles; a longer workload repeats the order. */
  static List<Fault> schedule(List<Fault> faults, long seed) {
    List<Fault> order = new ArrayList<>(faults);
    Collections.shuffle(order, new Random(seed));
    return List.copyOf(order);
  }

  /** Waits until the ingester has committed the whole topic, restarting it if it exits. */
  private boolean drain(IngestMonitor monitor, IngesterSupervisor ingester) throws Exception {
    long since = System.nanoTime();
    long deadline = since + options.drainTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      restartIfExited(ingester);
      if (monitor.awaitCaughtUp(since, Duration.ofSeconds(2))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits until the aggregates query has finished a batch that read the whole topic, as its
   * checkpoint shows; restarts a job that exited on its own. False (with a note) on timeout.
   */
  private boolean awaitStream(StreamSupervisor stream, IngestMonitor monitor, String topic)
      throws Exception {
    long end = monitor.latest().map(IngestMonitor.Sample::end).orElse(0L);
    Path checkpoint = stream.checkpoints().resolve(StreamingJob.AGGREGATES);
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    out.printf(
        Locale.ROOT, "  waiting for the streaming job to finish the topic (%,d offsets)%n", end);
    while (System.nanoTime() < deadline) {
      if (StreamAudit.committedOffsets(checkpoint, topic).orElse(-1) >= end) {
        return true;
      }
      restartIfExited(stream);
      Thread.sleep(1000);
    }
    notes.add(
        "the streaming job had not finished the topic "
            + options.drainTimeout().toSeconds()
            + " s after the ingester; see "
            + stream.current().log());
    return false;
  }

  private static final int MAX_UNPLANNED_RESTARTS = 3;
  private int unplannedExits;

  /**
   * A process that exited without a fault is a finding: noted, counted in the verdict, and
   * restarted (up to {@value #MAX_UNPLANNED_RESTARTS} times) so the run can still count the rest.
   */
  private void restartIfExited(Supervisor supervisor) throws Exception {
    if (supervisor == null || supervisor.current().isAlive()) {
      return;
    }
    unplannedExits++;
    notes.add(supervisor.name() + " exited on its own (" + supervisor.current().log() + ")");
    out.println(
        "  "
            + supervisor.name()
            + " exited on its own; its output ends with:\n"
            + supervisor.current().tail(10));
    if (unplannedExits <= MAX_UNPLANNED_RESTARTS) {
      supervisor.start();
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** A line every {@link #PROGRESS_EVERY}: sent, acknowledged, ingested, lag. */
  private final class ProgressPrinter implements AutoCloseable {
    private final WorkloadProducer producer;
    private final IngestMonitor monitor;
    private final ScheduledExecutorService printer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "chaos-progress");
              thread.setDaemon(true);
              return thread;
            });

    ProgressPrinter(WorkloadProducer producer, IngestMonitor monitor) {
      this.producer = producer;
      this.monitor = monitor;
    }

    void start() {
      long every = PROGRESS_EVERY.toMillis();
      printer.scheduleAtFixedRate(this::print, every, every, TimeUnit.MILLISECONDS);
    }

    private void print() {
      int faults;
      synchronized (injected) {
        faults = injected.size();
      }
      String ingested =
          monitor
              .latest()
              .map(
                  sample ->
                      String.format(
                          Locale.ROOT, "committed %,d  lag %,d", sample.committed(), sample.lag()))
              .orElse("committed -");
      out.printf(
          Locale.ROOT,
          "  %5.0f s  sent %,d/%,d (acked %,d)  %s  faults %d%n",
          seconds(began),
          producer.attempted(),
          options.readings(),
          producer.acknowledgedCount(),
          ingested,
          faults);
    }

    @Override
    public void close() {
      printer.shutdownNow();
    }
  }
}
