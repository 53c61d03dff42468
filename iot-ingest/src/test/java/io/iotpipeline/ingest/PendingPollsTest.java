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
    pending.add(Map.of(P0, 100L), first, first);
    pending.add(Map.of(P0, 200L, P1, 50L), second, second);

    second.complete(null);
    assertThat(pending.takeCompleted()).isEmpty();

    first.complete(null);
    assertThat(pending.takeCompleted())
        .containsExactlyInAnyOrderEntriesOf(Map.of(P0, 200L, P1, 50L));
    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void reportsAFailedWriteAsFatalAndCommitsNothingOfIt() {
    CompletableFuture<Void> failed =
        CompletableFuture.failedFuture(new FatalIngestException("no table"));
    pending.add(Map.of(P0, 10L), failed, failed);

    assertThatThrownBy(pending::takeCompleted)
        .isInstanceOf(FatalIngestException.class)
        .hasMessage("no table");
  }

  @Test
  void forgetsRevokedPartitions() {
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    pending.add(Map.of(P0, 10L, P1, 20L), done, done);

    pending.forget(List.of(P0));

    assertThat(pending.takeCompleted()).containsExactly(Map.entry(P1, 20L));
  }

  @Test
  void awaitAllTimesOutWhileAWriteIsStuck() {
    CompletableFuture<Void> stuck = new CompletableFuture<>();
    pending.add(Map.of(P0, 10L), stuck, stuck);

    assertThat(pending.awaitAll(Duration.ofMillis(50))).isFalse();
    assertThat(pending.awaitOldestWrite(Duration.ofMillis(10))).isFalse();
  }

  @Test
  void countsOnlyPollsWhoseRowsAreStillBeingWrittenAsWorkInHand() {
    CompletableFuture<Void> latestFlush = new CompletableFuture<>();
    pending.add(Map.of(P0, 10L), CompletableFuture.completedFuture(null), latestFlush);
    pending.add(Map.of(P0, 20L), new CompletableFuture<>(), new CompletableFuture<>());

    assertThat(pending.size()).isEqualTo(2);
    assertThat(pending.writing()).isEqualTo(1);
    assertThat(pending.takeCompleted())
        .as("rows written but latest not flushed: not committable")
        .isEmpty();
  }
}
