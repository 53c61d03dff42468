package io.iotpipeline.ingest;

import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How one ingester runs.
 *
 * @param groupId Kafka consumer group; instances with the same id share the partitions
 * @param maxInFlight Cassandra batch requests in flight at once (back-pressure on the node)
 * @param batchRows most rows of one partition in one UNLOGGED batch
 * @param maxPollRecords records per poll; bigger polls make bigger per-partition groups
 * @param maxPendingPolls polls written but not yet committed; bounds memory while Cassandra is slow
 * @param pollTimeout how long one poll waits for records
 * @param idleStop stop after this long without records (zero: never)
 * @param maxRecords stop after this many records (zero: never); offsets past it stay uncommitted
 * @param metricsInterval how often metrics are computed and reported
 * @param retryBackoff first delay before retrying a failed write; doubles per attempt
 * @param maxRetryBackoff the cap of that delay
 * @param connectTimeout how long start-up keeps trying to reach Cassandra (a node restarting)
 */
public record IngestOptions(
    String groupId,
    int maxInFlight,
    int batchRows,
    int maxPollRecords,
    int maxPendingPolls,
    Duration pollTimeout,
    Duration idleStop,
    long maxRecords,
    Duration metricsInterval,
    Duration retryBackoff,
    Duration maxRetryBackoff,
    Duration connectTimeout) {

  public IngestOptions {
    Objects.requireNonNull(groupId, "groupId");
    if (groupId.isBlank()) {
      throw new ConfigException("ingest group id must not be blank");
    }
    requireAtLeast("in-flight", maxInFlight, 1);
    requireAtLeast("batch-rows", batchRows, 1);
    requireAtLeast("max-poll-records", maxPollRecords, 1);
    requireAtLeast("max-pending-polls", maxPendingPolls, 1);
    requirePositive("poll timeout", pollTimeout);
    requirePositive("metrics interval", metricsInterval);
    requirePositive("retry backoff", retryBackoff);
    requirePositive("max retry backoff", maxRetryBackoff);
    requirePositive("ingest.connect-timeout", connectTimeout);
    Objects.requireNonNull(idleStop, "idleStop");
    if (idleStop.isNegative()) {
      throw new ConfigException("idle stop must not be negative");
    }
    if (maxRecords < 0) {
      throw new ConfigException("max records must not be negative");
    }
  }

  /** The options the settings describe; stop conditions off. */
  public static IngestOptions from(Settings settings) {
    return new IngestOptions(
        settings.get("ingest.group-id"),
        settings.getInt("ingest.in-flight"),
        settings.getInt("ingest.batch-rows"),
        settings.getInt("ingest.max-poll-records"),
        3,
        Duration.ofMillis(200),
        Duration.ZERO,
        0,
        settings.getDuration("ingest.metrics-interval"),
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        settings.getDuration("ingest.connect-timeout"));
  }

  public static IngestOptions defaults() {
    return from(Settings.defaults());
  }

  public IngestOptions withGroupId(String newGroupId) {
    return new IngestOptions(
        newGroupId,
        maxInFlight,
        batchRows,
        maxPollRecords,
        maxPendingPolls,
        pollTimeout,
        idleStop,
        maxRecords,
        metricsInterval,
        retryBackoff,
        maxRetryBackoff,
        connectTimeout);
  }

  public IngestOptions withBatching(int newMaxInFlight, int newBatchRows) {
    return new IngestOptions(
        groupId,
        newMaxInFlight,
        newBatchRows,
        maxPollRecords,
        maxPendingPolls,
        pollTimeout,
        idleStop,
        maxRecords,
        metricsInterval,
        retryBackoff,
        maxRetryBackoff,
        connectTimeout);
  }

  public IngestOptions withStop(Duration newIdleStop, long newMaxRecords) {
    return new IngestOptions(
        groupId,
        maxInFlight,
        batchRows,
        maxPollRecords,
        maxPendingPolls,
        pollTimeout,
        newIdleStop,
        newMaxRecords,
        metricsInterval,
        retryBackoff,
        maxRetryBackoff,
        connectTimeout);
  }

  public IngestOptions withMetricsInterval(Duration newMetricsInterval) {
    return new IngestOptions(
        groupId,
        maxInFlight,
        batchRows,
        maxPollRecords,
        maxPendingPolls,
        pollTimeout,
        idleStop,
        maxRecords,
        newMetricsInterval,
        retryBackoff,
        maxRetryBackoff,
        connectTimeout);
  }

  public IngestOptions withMaxPollRecords(int newMaxPollRecords) {
    return new IngestOptions(
        groupId,
        maxInFlight,
        batchRows,
        newMaxPollRecords,
        maxPendingPolls,
        pollTimeout,
        idleStop,
        maxRecords,
        metricsInterval,
        retryBackoff,
        maxRetryBackoff,
        connectTimeout);
  }

  public boolean stopsWhenIdle() {
    return !idleStop.isZero();
  }

  public boolean stopsAfterCount() {
    return maxRecords > 0;
  }

  private static void requireAtLeast(String name, long value, long minimum) {
    if (value < minimum) {
      throw new ConfigException("ingest " + name + " must be >= " + minimum + ", got " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException("ingest " + name + " must be positive, got " + value);
    }
  }
}
