package io.iotpipeline.analytics;

import io.iotpipeline.analytics.options.SparkOptions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.time.Duration;

/**
 * What a Spark job needs to know: where Spark runs, where Kafka and Cassandra are, and how the
 * stream is paced. Built once from the settings ({@code analytics.*} keys, whose defaults live in
 * iot-model's Defaults) by {@link #from}.
 *
 * @param master {@code local[*]}, {@code local[2]} or {@code spark://host:port}
 * @param checkpointDir streaming checkpoints (one sub-directory per query)
 * @param trigger micro-batch interval
 * @param watermark how late (event time) a reading may arrive and still count
 * @param startingOffsets where a query without a checkpoint starts: earliest or latest
 * @param maxOffsetsPerTrigger cap on rows per micro-batch (0 = no cap), bounds catch-up batches
 * @param shufflePartitions Spark SQL shuffle partitions; small, because data per batch is small
 */
public record AnalyticsConfig(
    String master,
    KafkaSettings kafka,
    CassandraSettings cassandra,
    String checkpointDir,
    Duration trigger,
    Duration watermark,
    String startingOffsets,
    long maxOffsetsPerTrigger,
    int shufflePartitions) {

  public AnalyticsConfig {
    if (master == null || !(master.startsWith("local") || master.startsWith("spark://"))) {
      throw new ConfigException(
          "--master must be local[N], local[*] or spark://HOST:PORT, got " + master);
    }
    if (trigger.isNegative() || watermark.isNegative()) {
      throw new ConfigException("--trigger and --watermark must not be negative");
    }
    if (!startingOffsets.equals("earliest") && !startingOffsets.equals("latest")) {
      throw new ConfigException(
          "--starting-offsets must be earliest or latest, got " + startingOffsets);
    }
    if (maxOffsetsPerTrigger < 0 || shufflePartitions < 1) {
      throw new ConfigException(
          "analytics.max-offsets-per-trigger must be >= 0 and analytics.shuffle-partitions >= 1");
    }
  }

  /** From the settings; the one place the {@code analytics.*} stream keys are read. */
  public static AnalyticsConfig from(String master, Settings settings, String checkpointDir) {
    return new AnalyticsConfig(
        master,
        KafkaSettings.from(settings),
        CassandraSettings.from(settings),
        checkpointDir,
        settings.getDuration("analytics.trigger"),
        settings.getDuration("analytics.watermark"),
        settings.get("analytics.starting-offsets"),
        settings.getLong("analytics.max-offsets-per-trigger"),
        settings.getInt("analytics.shuffle-partitions"));
  }

  /** Local defaults: what {@code ./iot analytics} uses when given no options. */
  public static AnalyticsConfig local(
      KafkaSettings kafka, CassandraSettings cassandra, String checkpointDir) {
    return from(SparkOptions.DEFAULT_MASTER, Settings.defaults(), checkpointDir)
        .withConnections(kafka, cassandra);
  }

  public AnalyticsConfig withConnections(KafkaSettings newKafka, CassandraSettings newCassandra) {
    return new AnalyticsConfig(
        master,
        newKafka,
        newCassandra,
        checkpointDir,
        trigger,
        watermark,
        startingOffsets,
        maxOffsetsPerTrigger,
        shufflePartitions);
  }

  public AnalyticsConfig withMaster(String newMaster) {
    return new AnalyticsConfig(
        newMaster,
        kafka,
        cassandra,
        checkpointDir,
        trigger,
        watermark,
        startingOffsets,
        maxOffsetsPerTrigger,
        shufflePartitions);
  }

  public AnalyticsConfig withCheckpointDir(String newCheckpointDir) {
    return new AnalyticsConfig(
        master,
        kafka,
        cassandra,
        newCheckpointDir,
        trigger,
        watermark,
        startingOffsets,
        maxOffsetsPerTrigger,
        shufflePartitions);
  }

  public AnalyticsConfig withStream(
      Duration newTrigger,
      Duration newWatermark,
      String newStartingOffsets,
      long newMaxOffsetsPerTrigger) {
    return new AnalyticsConfig(
        master,
        kafka,
        cassandra,
        checkpointDir,
        newTrigger,
        newWatermark,
        newStartingOffsets,
        newMaxOffsetsPerTrigger,
        shufflePartitions);
  }
}
