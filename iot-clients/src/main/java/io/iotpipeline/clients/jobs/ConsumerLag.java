package io.iotpipeline.clients.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Message counts and consumer-group lag read with the Kafka admin client. A topic that does not
 * exist fails the call with an {@link ExecutionException}; {@link #isMissingTopic} recognises it.
 */
public final class ConsumerLag {
  private ConsumerLag() {}

  /** How long each admin call may take when the caller gives no timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Where a consumer group stands on a topic, summed over the topic's partitions.
   *
   * @param end end offsets: messages ever produced to the topic
   * @param committed offsets the group committed, -1 when it committed none on this topic
   * @param lag messages after the group's committed offsets, over the partitions it committed on (a
   *     partition past its end counts 0); -1 when it committed none
   */
  public record Position(long end, long committed, long lag) {
    public boolean hasCommitted() {
      return committed >= 0;
    }
  }

  /** Messages a group still has to read on a topic; empty when the group never committed. */
  public static OptionalLong lag(Admin admin, String group, String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    Position position = position(admin, group, topic, DEFAULT_TIMEOUT);
    return position.hasCommitted() ? OptionalLong.of(position.lag()) : OptionalLong.empty();
  }

  /**
   * The group's committed offsets and lag on a topic, each admin call bounded by {@code timeout}.
   */
  public static Position position(Admin admin, String group, String topic, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> ends = endOffsets(admin, topic, timeout);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return position(ends, committed);
  }

  /** The position from a topic's end offsets and a group's committed offsets (any topics). */
  static Position position(
      Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
    long committedSum = -1;
    long lag = -1;
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      if (offset != null) {
        committedSum = Math.max(committedSum, 0) + offset.offset();
        lag = Math.max(lag, 0) + Math.max(0, end.getValue() - offset.offset());
      }
    }
    return new Position(sum(ends), committedSum, lag);
  }

  /** Messages currently held by a topic (end minus start offsets, over all partitions). */
  public static long messages(Admin admin, String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    return messages(admin, topic, DEFAULT_TIMEOUT);
  }

  /** {@link #messages(Admin, String)} with each admin call bounded by {@code timeout}. */
  public static long messages(Admin admin, String topic, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> ends = endOffsets(admin, topic, timeout);
    return sum(ends) - sum(offsets(admin, ends.keySet(), OffsetSpec.earliest(), timeout));
  }

  /** True when a call above failed because the topic does not exist. */
  public static boolean isMissingTopic(ExecutionException e) {
    return e.getCause() instanceof UnknownTopicOrPartitionException;
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    TopicDescription description =
        admin
            .describeTopics(Set.of(topic))
            .allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic);
    Set<TopicPartition> partitions =
        description.partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toSet());
    return offsets(admin, partitions, OffsetSpec.latest(), timeout);
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, Set<TopicPartition> partitions, OffsetSpec spec, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, ListOffsetsResultInfo> result =
        admin
            .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return result.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
