package io.iotpipeline.ingest;

import io.iotpipeline.ingest.RecordClassifier.Classified;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: poll, classify, write rows and dead letters, commit exactly the offsets whose
 * records are acknowledged. Up to {@code maxPendingPolls} polls are written concurrently; beyond
 * that (Cassandra slow or down) the assigned partitions are paused and the loop keeps polling,
 * which keeps this member in the group without fetching more into memory.
 */
final class PollLoop implements ConsumerRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  /** How long a graceful stop or a revocation waits for pending writes before giving up on them. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration LAG_INTERVAL = Duration.ofSeconds(1);

  private final IngestOptions options;
  private final String topic;
  private final Consumer<byte[], byte[]> consumer;
  private final RecordClassifier classifier;
  private final ReadingWriter writer;
  private final DeadLetterPublisher deadLetters;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final PendingPolls pending = new PendingPolls();
  private final OffsetCommitter offsets;
  private final RateLimitedLog rejectedLog = new RateLimitedLog(log, Duration.ofSeconds(5));
  private final RateLimitedLog kafkaLog = new RateLimitedLog(log, Duration.ofSeconds(10));
  private volatile boolean stopRequested;
  private boolean paused;
  private long consumed;
  private long lastRecordMillis;
  private long nextCommitMillis;
  private long nextLagMillis;

  PollLoop(
      IngestOptions options,
      String topic,
      Consumer<byte[], byte[]> consumer,
      RecordClassifier classifier,
      ReadingWriter writer,
      DeadLetterPublisher deadLetters,
      IngestMetrics metrics,
      Clock clock) {
    this.options = options;
    this.topic = topic;
    this.consumer = consumer;
    this.offsets = new OffsetCommitter(consumer, COMMIT_TIMEOUT);
    this.classifier = classifier;
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.clock = clock;
  }

  void requestStop() {
    stopRequested = true;
    consumer.wakeup();
  }

  void closeConsumer() {
    consumer.close();
  }

  void run() {
    try {
      awaitTopic();
      consumer.subscribe(List.of(topic), this);
      lastRecordMillis = clock.millis();
      while (!stopRequested && !stopConditionMet()) {
        pollOnce();
      }
      drain();
    } finally {
      consumer.close(Duration.ofSeconds(10));
    }
    log.info(
        "Ingest stopped after {} records: {} rows, {} dead letters",
        consumed,
        metrics.rows(),
        metrics.deadLetters());
  }

  private void pollOnce() {
    boolean full = pending.writing() >= options.maxPendingPolls();
    if (full) {
      // Also pauses partitions assigned since the last pause.
      consumer.pause(consumer.assignment());
    } else if (paused) {
      consumer.resume(consumer.paused());
    }
    paused = full;
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(full ? Duration.ZERO : options.pollTimeout());
    } catch (WakeupException e) {
      return; // stop() was called; the while condition ends the loop
    }
    if (full) {
      pending.awaitOldestWrite(options.pollTimeout());
    }
    if (!records.isEmpty()) {
      handle(records);
    }
    collectCompleted();
    long now = clock.millis();
    if (now >= nextCommitMillis && !offsets.isEmpty()) {
      offsets.commit();
      nextCommitMillis = now + COMMIT_INTERVAL.toMillis();
    }
    if (now >= nextLagMillis) {
      updateLag();
      nextLagMillis = now + LAG_INTERVAL.toMillis();
    }
  }

  private void handle(ConsumerRecords<byte[], byte[]> records) {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
    long room = options.stopsAfterCount() ? options.maxRecords() - consumed : Long.MAX_VALUE;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (batch.size() >= room) {
        break; // past the count limit: not processed, not committed, replayed by the next run
      }
      batch.add(record);
    }
    consumed += batch.size();
    lastRecordMillis = clock.millis();
    metrics.recordsPolled(batch.size());
    Classified classified = classifier.classify(batch);
    for (DeadLetter rejected : classified.deadLetters()) {
      rejectedLog.warn(
          "Dead-lettered {}-{}@{}: {}",
          rejected.sourceTopic(),
          rejected.sourcePartition(),
          rejected.sourceOffset(),
          rejected.reason());
    }
    int rejectedCount = classified.deadLetters().size();
    CompletableFuture<Void> parked =
        deadLetters
            .publish(classified.deadLetters())
            .thenRun(() -> metrics.deadLettered(rejectedCount));
    ReadingWriter.Written written = writer.writeTracked(classified.readings());
    Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      nextOffsets.merge(
          new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
    }
    pending.add(nextOffsets, written.rows(), CompletableFuture.allOf(written.all(), parked));
  }

  private void collectCompleted() {
    offsets.acknowledged(pending.takeCompleted());
  }

  private void updateLag() {
    Set<TopicPartition> assigned = consumer.assignment();
    if (paused) {
      // No fetches while paused, so the client's own lag figure is frozen: ask the broker.
      try {
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, Duration.ofSeconds(2));
        long lag = 0;
        for (TopicPartition partition : assigned) {
          lag +=
              Math.max(
                  0,
                  ends.getOrDefault(partition, 0L) - consumer.position(partition, Duration.ZERO));
        }
        metrics.consumerLag(lag);
      } catch (KafkaException e) {
        // Kafka unreachable as well: keep the last figure; the next interval tries again.
      }
      return;
    }
    long lag = 0;
    boolean known = false;
    for (TopicPartition partition : assigned) {
      OptionalLong partitionLag = consumer.currentLag(partition);
      if (partitionLag.isPresent()) {
        lag += partitionLag.getAsLong();
        known = true;
      }
    }
    metrics.consumerLag(known ? lag : -1);
  }

  private boolean stopConditionMet() {
    if (options.stopsAfterCount() && consumed >= options.maxRecords()) {
      log.info("Reached {} records; stopping", options.maxRecords());
      return true;
    }
    if (options.stopsWhenIdle()
        && pending.isEmpty()
        && clock.millis() - lastRecordMillis >= options.idleStop().toMillis()) {
      log.info("No records for {}; stopping", options.idleStop());
      return true;
    }
    return false;
  }

  /** Finishes the writes in flight and commits them; used on stop and before revocation. */
  private void drain() {
    if (!pending.awaitAll(DRAIN_TIMEOUT)) {
      log.warn(
          "Writes still pending after {}; their records stay uncommitted and will be replayed",
          DRAIN_TIMEOUT);
    }
    collectCompleted();
    for (int attempt = 0; attempt < 3 && !offsets.isEmpty(); attempt++) {
      if (offsets.commit()) {
        break;
      }
    }
  }

  /** Waits until the topic exists: Kafka down means wait, a missing topic is fatal. */
  private void awaitTopic() {
    while (!stopRequested) {
      try {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (partitions == null || partitions.isEmpty()) {
          throw new FatalIngestException(
              "topic '"
                  + topic
                  + "' does not exist (create it with "
                  + "./iot stack up, or set kafka.topic)");
        }
        log.info(
            "Consuming {} ({} partitions) as group {}",
            topic,
            partitions.size(),
            options.groupId());
        return;
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        kafkaLog.warn("Kafka not reachable yet ({}); waiting", e.getMessage());
      } catch (WakeupException e) {
        return;
      } catch (InterruptException e) {
        throw new FatalIngestException("interrupted while waiting for Kafka", e);
      } catch (KafkaException e) {
        if (e instanceof RetriableException) {
          kafkaLog.warn("Kafka not ready ({}); waiting", e.getMessage());
        } else {
          throw new FatalIngestException("cannot consume " + topic + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    log.info("Partitions revoked: {}; finishing writes and committing first", partitions);
    drain();
    pending.forget(partitions);
    offsets.forget(partitions);
    metrics.partitionsLost(partitions.size());
    metrics.assignedPartitions(Math.max(0, consumer.assignment().size() - partitions.size()));
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    log.warn(
        "Partitions lost: {}; their uncommitted records will be replayed by the new owner",
        partitions);
    pending.forget(partitions);
    offsets.forget(partitions);
    metrics.partitionsLost(partitions.size());
    metrics.assignedPartitions(Math.max(0, consumer.assignment().size() - partitions.size()));
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    metrics.assignedPartitions(consumer.assignment().size());
    if (!partitions.isEmpty()) {
      log.info("Partitions assigned: {}", partitions);
      if (consumed == 0) {
        // The idle clock starts with work to do: joining can take a session timeout when a
        // crashed member still holds the partitions.
        lastRecordMillis = clock.millis();
      }
    }
  }
}
