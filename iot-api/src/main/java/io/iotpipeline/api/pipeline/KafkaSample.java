package io.iotpipeline.api.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * What Kafka's offsets say about the pipeline at one moment. Counts are sums over partitions; -1
 * means unknown (e.g. the ingest group has committed nothing yet). Rates compare two samples.
 *
 * @param topicEnd end offset of the readings topic: readings ever produced
 * @param committed offsets committed by the ingest group: readings ingested (or dead-lettered)
 * @param consumerLag readings produced but not yet ingested
 * @param deadLetters records in the dead-letter topic
 * @param alerts records in the alerts topic
 * @param producedPerSecond readings produced per second since the previous sample
 * @param ingestedPerSecond readings ingested per second since the previous sample
 */
public record KafkaSample(
    Instant at,
    boolean reachable,
    String error,
    long topicEnd,
    long committed,
    long consumerLag,
    long deadLetters,
    long alerts,
    double producedPerSecond,
    double ingestedPerSecond) {

  public static KafkaSample unknown(Instant at, String error) {
    return new KafkaSample(at, false, error, -1, -1, -1, -1, -1, 0, 0);
  }

  /** A sample taken after {@code previous}, with rates computed from the difference. */
  public static KafkaSample following(
      KafkaSample previous,
      Instant at,
      long topicEnd,
      long committed,
      long consumerLag,
      long deadLetters,
      long alerts) {
    double produced = 0;
    double ingested = 0;
    if (previous != null && previous.reachable()) {
      produced = perSecond(previous.topicEnd(), topicEnd, previous.at(), at);
      ingested = perSecond(previous.committed(), committed, previous.at(), at);
    }
    return new KafkaSample(
        at, true, null, topicEnd, committed, consumerLag, deadLetters, alerts, produced, ingested);
  }

  /** Growth per second of a counter; 0 when either value is unknown or the counter went back. */
  static double perSecond(long before, long after, Instant from, Instant to) {
    double seconds = Duration.between(from, to).toNanos() / 1e9;
    if (before < 0 || after < before || seconds <= 0) {
      return 0;
    }
    return (after - before) / seconds;
  }
}
