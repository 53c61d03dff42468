package io.iotpipeline.model;

import java.util.List;

/**
 * The pipeline's Kafka topics, in one place. Their names are settings (a test checks that the
 * defaults here are those of {@code Settings}); use {@code KafkaSettings} for the name in effect.
 */
public final class Topics {
  private Topics() {}

  /**
   * One topic.
   *
   * @param settingKey the setting that names it
   * @param defaultName its name when the setting is not given
   * @param holds what a message is, and its key
   */
  public record Topic(String settingKey, String defaultName, String holds) {}

  public static final Topic READINGS =
      new Topic(
          "kafka.topic",
          "iotdata",
          "one reading as JSON (ReadingCodec), key = sensor id; kafka.partitions partitions");
  public static final Topic DEAD_LETTERS =
      new Topic(
          "kafka.dlq-topic",
          "iotdata-dlq",
          "a record ingest could not use, with the reason in its headers");
  public static final Topic TRUTH =
      new Topic(
          "kafka.truth-topic",
          "iotdata-truth",
          "the simulator's label of an injected fault (ground truth for the alert rules)");
  public static final Topic ALERTS =
      new Topic(
          "kafka.alerts-topic",
          "iot-alerts",
          "one alert as JSON, written by the streaming job, read by the API's live feed");

  public static final List<Topic> ALL = List.of(READINGS, DEAD_LETTERS, TRUTH, ALERTS);

  /**
   * The headers of a record on {@link #DEAD_LETTERS}, whose key and value are the original ones (so
   * replaying it needs no unwrapping): what a reader of the dead-letter topic relies on.
   */
  public static final class DeadLetterHeaders {
    private DeadLetterHeaders() {}

    /** Why the record was rejected, in words a person can act on. */
    public static final String REASON = "iot.dlq.reason";

    public static final String SOURCE_TOPIC = "iot.dlq.source.topic";
    public static final String SOURCE_PARTITION = "iot.dlq.source.partition";
    public static final String SOURCE_OFFSET = "iot.dlq.source.offset";
  }
}
