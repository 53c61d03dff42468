package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingPollsTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final PendingPolls pending = new PendingPolls();

  @Test
  void releasesNoOffsetPastAnUnfinishedOlderPoll() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    pending.add(Map.of(P0, 100L), first);
    pending.add(Map.of(P0, 200L, P1, 50L), second);

    second.complete(null);
    assertThat(pending.takeCompleted()).isEmpty();

    first.complete(null);
    assertThat(pending.takeCompleted()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 200L, P1, 50L));
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void reportsAFailedWriteAsFatalAndCommitsNothingOfIt() {
    pending.add(Map.of(P0, 10L), CompletableFuture.failedFuture(new FatalIngestException("no table")));

    assertThatThrownBy(pending::takeCompleted).isInstanceOf(FatalIngestException.class)
        .hasMessage("no table");
  }

  @Test
  void forgetsRevokedPartitions() {
    pending.add(Map.of(P0, 10L, P1, 20L), CompletableFuture.completedFuture(null));

    pending.forget(List.of(P0));

    assertThat(pending.takeCompleted()).containsExactly(Map.entry(P1, 20L));
  }

  @Test
  void awaitAllTimesOutWhileAWriteIsStuck() {
    pending.add(Map.of(P0, 10L), new CompletableFuture<>());

    assertThat(pending.awaitAll(Duration.ofMillis(50))).isFalse();
    assertThat(pending.awaitOldest(Duration.ofMillis(10))).isFalse();
  }
}
