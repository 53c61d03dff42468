package io.iotpipeline.ingest;

import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.process.OwnedResources;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The always-on raw writer: a member of a Kafka consumer group that stores every valid reading in
 * Cassandra and every invalid record in the dead-letter topic, and commits a record's offset only
 * after that is acknowledged. A crash therefore replays at most the uncommitted tail, and a replay
 * rewrites the same rows (upserts): exactly-once in effect.
 *
 * <p>Lifecycle: {@link #create}, {@link #start}, then {@link #stop} (graceful: finish writes,
 * commit) or let a stop condition end it; {@link #close} stops and releases everything.
 */
public final class KafkaIngester implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaIngester.class);

  private final OwnedResources owned;
  private final ScheduledExecutorService scheduler;
  private final IngestMetrics metrics;
  private final PollLoop loop;
  private final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Throwable failure;

  private KafkaIngester(
      PollLoop loop,
      IngestMetrics metrics,
      ScheduledExecutorService scheduler,
      OwnedResources owned) {
    this.loop = loop;
    this.metrics = metrics;
    this.scheduler = scheduler;
    this.owned = owned;
    this.thread = new Thread(this::runLoop, "iot-ingest-poll");
  }

  /**
   * Connects to Cassandra (trying for {@link IngestOptions#connectTimeout}, then failing with
   * {@link FatalIngestException}) and builds the Kafka clients; nothing is consumed before {@link
   * #start}.
   *
   * @param reporter receives a metrics snapshot every metrics interval (e.g. to log it)
   */
  public static KafkaIngester create(
      IngestOptions options,
      KafkaSettings kafka,
      CassandraSettings cassandra,
      Clock clock,
      Consumer<IngestMetrics.Snapshot> reporter) {
    OwnedResources owned = new OwnedResources();
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "iot-ingest-timer");
              thread.setDaemon(true);
              return thread;
            });
    try {
      IngestMetrics metrics = new IngestMetrics(clock);
      IngestSessions.Prepared<ReadingWriter> connected =
          IngestSessions.open(
              cassandra,
              options.connectTimeout(),
              session ->
                  ReadingWriter.create(
                      session, cassandra.keyspace(), options, metrics, clock, scheduler));
      owned.add(connected.session());
      ReadingWriter writer = owned.add(connected.prepared());
      String clientId = options.groupId() + "-" + UUID.randomUUID().toString().substring(0, 8);
      DeadLetterPublisher deadLetters =
          owned.add(
              DeadLetterPublisher.create(
                  kafka, kafka.dlqTopic(), clientId + "-dlq", scheduler, options));
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(KafkaClientConfigs.consumer(kafka, options, clientId));
      PollLoop loop =
          new PollLoop(
              options,
              kafka.topic(),
              consumer,
              new RecordClassifier(new ReadingCodec()),
              writer,
              deadLetters,
              metrics,
              clock);
      KafkaIngester ingester = new KafkaIngester(loop, metrics, scheduler, owned);
      long intervalMillis = options.metricsInterval().toMillis();
      scheduler.scheduleAtFixedRate(
          () -> report(metrics, reporter), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
      return ingester;
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      throw owned.closeAfter(e);
    }
  }

  private static void report(IngestMetrics metrics, Consumer<IngestMetrics.Snapshot> reporter) {
    try {
      reporter.accept(metrics.tick());
    } catch (RuntimeException e) {
      log.warn("Metrics reporter failed", e);
    }
  }

  /** A reporter that logs one INFO line per interval. */
  public static Consumer<IngestMetrics.Snapshot> logReporter() {
    return snapshot ->
        log.info(
            "ingest: {} records/s, {} rows/s, {} rows total, {} dead letters, "
                + "lag {}, batch p99 {} ms, e2e p99 {} ms{}",
            Math.round(snapshot.recordsPerSecond()),
            Math.round(snapshot.rowsPerSecond()),
            snapshot.rows(),
            snapshot.deadLetters(),
            snapshot.consumerLag(),
            snapshot.batchP99Millis(),
            snapshot.e2eP99Millis(),
            snapshot.writesStalled() ? " (Cassandra writes stalled, retrying)" : "");
  }

  /** Starts consuming on a thread of its own; returns at once. */
  public KafkaIngester start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    thread.start();
    return this;
  }

  private void runLoop() {
    try {
      loop.run();
    } catch (FatalIngestException e) {
      failure = e;
      log.error("Ingest stopped: {}", e.getMessage());
    } catch (RuntimeException e) {
      failure = e;
      log.error("Ingest stopped by an unexpected error", e);
    } finally {
      finished.countDown();
    }
  }

  /** Asks the loop to finish its writes, commit and leave the group. Returns at once. */
  public void stop() {
    loop.requestStop();
  }

  /**
   * @return true if the loop has ended (stopped, hit a stop condition, or failed)
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isRunning() {
    return started.get() && finished.getCount() > 0;
  }

  /** Why the loop ended early, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stop();
    try {
      if (started.get() && !awaitTermination(PollLoop.DRAIN_TIMEOUT.plusSeconds(30))) {
        log.warn("Ingest poll loop did not stop in time; closing its resources anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!started.get()) {
      loop.closeConsumer();
    }
    metrics.tick();
    scheduler.shutdownNow();
    try {
      owned.close();
    } catch (IllegalStateException e) {
      log.warn("Ingest: {}", e.getMessage());
    }
  }
}
