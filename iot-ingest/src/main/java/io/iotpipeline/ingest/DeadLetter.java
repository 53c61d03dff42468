package io.iotpipeline.ingest;

import java.util.Objects;

/**
 * A record the ingester could not store, kept whole for the dead-letter topic (its headers: {@link
 * io.iotpipeline.model.Topics.DeadLetterHeaders}).
 *
 * @param key the original key bytes (may be null)
 * @param value the original value bytes, untouched (may be null for a tombstone)
 * @param reason why it was rejected, in words a person can act on
 * @param sourceTopic where it came from
 * @param sourcePartition its partition there
 * @param sourceOffset its offset there
 */
public record DeadLetter(
    byte[] key,
    byte[] value,
    String reason,
    String sourceTopic,
    int sourcePartition,
    long sourceOffset) {

  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    if (sourcePartition < 0 || sourceOffset < 0) {
      throw new IllegalArgumentException("source partition and offset must be >= 0");
    }
  }
}
