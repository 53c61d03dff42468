package io.iotpipeline.stack.jobs;

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

/** Message counts and consumer-group lag read with the Kafka admin client. */
public final class ConsumerLag {
  private ConsumerLag() {}

  private static final long TIMEOUT_SECONDS = 10;

  /** Messages a group still has to read on a topic; empty when the group never committed. */
  public static OptionalLong lag(Admin admin, String group, String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> ends = endOffsets(admin, topic);
    boolean any = committed.keySet().stream().anyMatch(p -> p.topic().equals(topic));
    if (!any) {
      return OptionalLong.empty();
    }
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      lag += end.getValue() - (offset == null ? 0 : offset.offset());
    }
    return OptionalLong.of(Math.max(0, lag));
  }

  /** Messages currently held by a topic (end minus start offsets, over all partitions). */
  public static long messages(Admin admin, String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, Long> ends = endOffsets(admin, topic);
    Map<TopicPartition, Long> starts = offsets(admin, ends.keySet(), OffsetSpec.earliest());
    return ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.get(e.getKey())).sum();
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
    Set<TopicPartition> partitions = description.partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
    return offsets(admin, partitions, OffsetSpec.latest());
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions,
      OffsetSpec spec) throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(
        partitions.stream().collect(Collectors.toMap(p -> p, p -> spec)))
        .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return result.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
