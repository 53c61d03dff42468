package io.iotpipeline.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets whose records are acknowledged (rows stored, dead letters sent) and not yet
 * committed, and their commit, with Kafka's commit errors sorted: a failed commit that may succeed
 * later keeps the offsets for the next attempt; one that never can (partitions gone to another
 * member) drops them. Used by the poll thread only.
 */
final class OffsetCommitter {

  private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

  private final Consumer<?, ?> consumer;
  private final Duration timeout;
  private final Map<TopicPartition, Long> uncommitted = new HashMap<>();
  private final RateLimitedLog kafkaLog = new RateLimitedLog(log, Duration.ofSeconds(10));
  private boolean deferralLogged;

  OffsetCommitter(Consumer<?, ?> consumer, Duration timeout) {
    this.consumer = consumer;
    this.timeout = timeout;
  }

  /** Next offsets (last acknowledged + 1) per partition; an older one never replaces a newer. */
  void acknowledged(Map<TopicPartition, Long> nextOffsets) {
    nextOffsets.forEach((partition, offset) -> uncommitted.merge(partition, offset, Math::max));
  }

  boolean isEmpty() {
    return uncommitted.isEmpty();
  }

  /** Partitions revoked or lost: their offsets are the new owner's business now. */
  void forget(Collection<TopicPartition> partitions) {
    uncommitted.keySet().removeAll(partitions);
  }

  /**
   * Commits what is acknowledged for the partitions this member still owns.
   *
   * @return true when the offsets are committed (or there were none)
   */
  boolean commit() {
    uncommitted.keySet().retainAll(consumer.assignment());
    if (uncommitted.isEmpty()) {
      return true;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    uncommitted.forEach(
        (partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    try {
      consumer.commitSync(offsets, timeout);
      uncommitted.clear();
      deferralLogged = false;
      return true;
    } catch (CommitFailedException e) {
      // We were removed from the group; the partitions' new owner replays from the last commit.
      log.warn("Offset commit rejected after a rebalance; the new owner replays those records");
      uncommitted.clear();
      return false;
    } catch (RebalanceInProgressException e) {
      // Not fatal, although not retriable in Kafka's taxonomy: poll() returns while a cooperative
      // rebalance is under way (a member joining or leaving, a broker restart), and the commit
      // works once a later poll has completed it. Partitions revoked meanwhile are drained and
      // committed in onPartitionsRevoked, so keeping the offsets loses and skips nothing.
      if (!deferralLogged) {
        deferralLogged = true;
        log.info("Offset commit deferred: the group is rebalancing; committing when it completes");
      }
      return false;
    } catch (RetriableException e) {
      // Kafka unreachable (a TimeoutException after the commit timeout) or the coordinator moving.
      kafkaLog.warn(
          "Offset commit failed ({}); Kafka may be down; keeping the offsets, retrying",
          e.toString());
      return false;
    } catch (WakeupException e) {
      return false; // stop requested mid-commit: the drain on the way out commits again
    }
  }
}
