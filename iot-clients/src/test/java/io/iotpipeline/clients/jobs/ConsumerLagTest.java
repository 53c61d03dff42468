package io.iotpipeline.clients.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How end offsets and committed offsets add up to a group's position on a topic. */
class ConsumerLagTest {

  private static final TopicPartition P0 = new TopicPartition("readings", 0);
  private static final TopicPartition P1 = new TopicPartition("readings", 1);
  private static final TopicPartition P2 = new TopicPartition("readings", 2);

  @Test
  void sumsCommittedOffsetsAndLagOverPartitions() {
    ConsumerLag.Position position =
        ConsumerLag.position(
            Map.of(P0, 100L, P1, 50L, P2, 0L),
            Map.of(
                P0,
                new OffsetAndMetadata(90),
                P1,
                new OffsetAndMetadata(47),
                P2,
                new OffsetAndMetadata(0)));

    assertThat(position).isEqualTo(new ConsumerLag.Position(150, 137, 13));
    assertThat(position.hasCommitted()).isTrue();
  }

  @Test
  void aGroupWithoutCommitsOnTheTopicHasUnknownCommittedAndLag() {
    ConsumerLag.Position position =
        ConsumerLag.position(
            Map.of(P0, 100L, P1, 50L),
            Map.of(new TopicPartition("other-topic", 0), new OffsetAndMetadata(5)));

    assertThat(position).isEqualTo(new ConsumerLag.Position(150, -1, -1));
    assertThat(position.hasCommitted()).isFalse();
  }

  @Test
  void onlyCommittedPartitionsCountAndNoneCountsBelowZero() {
    // P1 was never committed; P0's committed offset is past its end (e.g. a recreated topic).
    ConsumerLag.Position position =
        ConsumerLag.position(
            Map.of(P0, 10L, P1, 50L, P2, 30L),
            Map.of(P0, new OffsetAndMetadata(12), P2, new OffsetAndMetadata(20)));

    assertThat(position).isEqualTo(new ConsumerLag.Position(90, 32, 10));
  }
}
