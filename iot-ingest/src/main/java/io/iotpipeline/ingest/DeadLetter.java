package io.iotpipeline.ingest;

import java.util.Objects;

/**
 * A record the ingester could not store, kept whole for the dead-letter topic.
 *
 * @param key             the original key bytes (may be null)
 * @param value           the original value bytes, untouched (may be null for a tombstone)
 * @param reason          why it was rejected, in words a person can act on
 * @param sourceTopic     where it came from
 * @param sourcePartition its partition there
 * @param sourceOffset    its offset there
 */
public record DeadLetter(byte[] key, byte[] value, String reason, String sourceTopic,
    int sourcePartition, long sourceOffset) {

  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    if (sourcePartition < 0 || sourceOffset < 0) {
      throw new IllegalArgumentException("source partition and offset must be >= 0");
    }
  }

  /** Kafka header names; the value stays the original bytes so replaying it needs no unwrapping. */
  public static final String REASON_HEADER = "iot.dlq.reason";
  public static final String SOURCE_TOPIC_HEADER = "iot.dlq.source.topic";
  public static final String SOURCE_PARTITION_HEADER = "iot.dlq.source.partition";
  public static final String SOURCE_OFFSET_HEADER = "iot.dlq.source.offset";
}
