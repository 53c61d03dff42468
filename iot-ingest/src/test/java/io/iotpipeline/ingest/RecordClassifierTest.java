package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.ingest.RecordClassifier.Classified;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RecordClassifierTest {

  private final RecordClassifier classifier = new RecordClassifier(new ReadingCodec());
  private long offset;

  private ConsumerRecord<byte[], byte[]> record(String json) {
    return record(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  private ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return new ConsumerRecord<>(
        "iotdata", 2, offset++, "7".getBytes(StandardCharsets.UTF_8), value);
  }

  @Test
  void acceptsTheOriginalProjectsMessageFormatUnchanged() {
    Classified classified =
        classifier.classify(
            List.of(
                record(
                    "{\"sensor_id\": 42, \"timestamp\": 1732780000.123, \"temperature\": 21.5, \"humidity\": 55.0}")));

    assertThat(classified.deadLetters()).isEmpty();
    SensorReading reading = classified.readings().get(0).reading();
    assertThat(reading.sensorId()).isEqualTo(42);
    assertThat(reading.timestamp()).isEqualTo(Instant.parse("2024-11-28T07:46:40.123Z"));
    assertThat(reading.temperature()).isEqualTo(21.5);
    assertThat(reading.humidity()).isEqualTo(55.0);
  }

  @Test
  void sendsEachKindOfBadInputToTheDeadLettersWithAReason() {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    records.add(record("{not json"));
    records.add(record("{\"sensor_id\":1,\"timestamp\":1732780000.0,\"temperature\":20.0}"));
    records.add(
        record(
            "{\"sensor_id\":1,\"timestamp\":1732780000.0,\"temperature\":900.0,\"humidity\":5}"));
    records.add(
        record(
            "{\"sensor_id\":1,\"timestamp\":1732780000.0,\"temperature\":20,\"humidity\":5,"
                + "\"type\":\"pressure\"}"));
    records.add(record((String) null));
    records.add(record(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}));

    Classified classified = classifier.classify(records);

    assertThat(classified.readings()).isEmpty();
    assertThat(classified.deadLetters())
        .extracting(DeadLetter::reason)
        .satisfiesExactly(
            reason -> assertThat(reason).contains("malformed JSON"),
            reason -> assertThat(reason).isEqualTo("missing field: humidity"),
            reason -> assertThat(reason).contains("temperature out of range"),
            reason -> assertThat(reason).contains("unknown sensor type: pressure"),
            reason -> assertThat(reason).isEqualTo("empty message"),
            reason -> assertThat(reason).isNotBlank());
  }

  @Test
  void keepsTheOriginalBytesAndSourceOfADeadLetter() {
    byte[] original = "{\"sensor_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    offset = 41;

    DeadLetter deadLetter = classifier.classify(List.of(record(original))).deadLetters().get(0);

    assertThat(deadLetter.value()).isEqualTo(original);
    assertThat(deadLetter.key()).asString(StandardCharsets.UTF_8).isEqualTo("7");
    assertThat(deadLetter.sourceTopic()).isEqualTo("iotdata");
    assertThat(deadLetter.sourcePartition()).isEqualTo(2);
    assertThat(deadLetter.sourceOffset()).isEqualTo(41);
  }

  @Test
  void carriesTheProduceTimeOfValidReadingsForLatency() {
    ConsumerRecord<byte[], byte[]> produced =
        new ConsumerRecord<>(
            "iotdata",
            0,
            0,
            1_700_000_000_500L,
            org.apache.kafka.common.record.TimestampType.CREATE_TIME,
            0,
            0,
            null,
            new ReadingCodec()
                .encode(SensorReading.of(1, Instant.ofEpochMilli(1_700_000_000_000L), 20, 50)),
            new org.apache.kafka.common.header.internals.RecordHeaders(),
            java.util.Optional.empty());

    assertThat(classifier.classify(List.of(produced)).readings().get(0).producedAtMillis())
        .isEqualTo(1_700_000_000_500L);
  }
}
