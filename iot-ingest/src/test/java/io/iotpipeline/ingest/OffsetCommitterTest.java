package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OffsetCommitterTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  /** A consumer whose next commits fail with the queued errors, then succeed. */
  private static final class FailingCommits extends MockConsumer<byte[], byte[]> {
    final Deque<RuntimeException> failures = new ArrayDeque<>();

    FailingCommits() {
      super("earliest");
    }

    @Override
    public synchronized void commitSync(
        Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      if (!failures.isEmpty()) {
        throw failures.poll();
      }
      super.commitSync(offsets, timeout);
    }
  }

  private final FailingCommits consumer = new FailingCommits();
  private final OffsetCommitter committer = new OffsetCommitter(consumer, Duration.ofSeconds(1));

  @BeforeEach
  void ownTwoPartitions() {
    consumer.assign(List.of(P0, P1));
  }

  @Test
  void commitsTheHighestAcknowledgedOffsetPerPartition() {
    committer.acknowledged(Map.of(P0, 200L, P1, 50L));
    committer.acknowledged(Map.of(P0, 100L));

    assertThat(committer.commit()).isTrue();

    assertThat(committer.isEmpty()).isTrue();
    assertThat(committed()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 200L, P1, 50L));
  }

  @Test
  void keepsTheOffsetsWhileTheGroupRebalancesAndCommitsThemAfterwards() {
    consumer.failures.add(new RebalanceInProgressException("rebalancing"));
    committer.acknowledged(Map.of(P0, 10L));

    assertThat(committer.commit()).isFalse();
    assertThat(committer.isEmpty()).isFalse();
    assertThat(committed()).isEmpty();

    assertThat(committer.commit()).isTrue();
    assertThat(committed()).containsExactlyEntriesOf(Map.of(P0, 10L));
  }

  @Test
  void keepsTheOffsetsWhileKafkaIsUnreachable() {
    consumer.failures.add(new TimeoutException("Timeout of 1000ms expired before committing"));
    consumer.failures.add(new TimeoutException("Timeout of 1000ms expired before committing"));
    committer.acknowledged(Map.of(P1, 7L));

    assertThat(committer.commit()).isFalse();
    assertThat(committer.commit()).isFalse();
    assertThat(committer.commit()).isTrue();

    assertThat(committed()).containsExactlyEntriesOf(Map.of(P1, 7L));
  }

  @Test
  void dropsTheOffsetsWhenTheCommitIsRejectedForGood() {
    consumer.failures.add(new CommitFailedException("kicked out of the group"));
    committer.acknowledged(Map.of(P0, 10L));

    assertThat(committer.commit()).isFalse();

    assertThat(committer.isEmpty()).isTrue();
    assertThat(committed()).isEmpty();
  }

  @Test
  void neverCommitsForPartitionsItNoLongerOwns() {
    committer.acknowledged(Map.of(P0, 10L, P1, 20L));
    consumer.assign(List.of(P1));

    assertThat(committer.commit()).isTrue();

    assertThat(committed()).containsExactlyEntriesOf(Map.of(P1, 20L));
  }

  @Test
  void forgetsRevokedPartitions() {
    committer.acknowledged(Map.of(P0, 10L));
    committer.forget(List.of(P0));

    assertThat(committer.isEmpty()).isTrue();
  }

  private Map<TopicPartition, Long> committed() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    consumer
        .committed(Set.of(P0, P1))
        .forEach(
            (partition, offset) -> {
              if (offset != null) {
                offsets.put(partition, offset.offset());
              }
            });
    return offsets;
  }
}
