package io.iotpipeline.ingest;

import io.iotpipeline.model.InvalidReadingException;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Sorts polled records into valid readings and dead letters. Pure: no I/O, thread-safe. */
public final class RecordClassifier {

  /** The outcome for a list of records; each record lands in exactly one of the two lists. */
  public record Classified(List<IncomingReading> readings, List<DeadLetter> deadLetters) {
    public Classified {
      readings = List.copyOf(readings);
      deadLetters = List.copyOf(deadLetters);
    }
  }

  /**
   * A valid reading with the time its record was produced (the Kafka record timestamp), which lets
   * the ingester measure end-to-end latency.
   */
  public record IncomingReading(SensorReading reading, long producedAtMillis) {}

  private final ReadingCodec codec;

  public RecordClassifier(ReadingCodec codec) {
    this.codec = codec;
  }

  public Classified classify(List<ConsumerRecord<byte[], byte[]>> records) {
    List<IncomingReading> readings = new ArrayList<>(records.size());
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        readings.add(new IncomingReading(codec.decode(record.value()), record.timestamp()));
      } catch (InvalidReadingException e) {
        deadLetters.add(deadLetter(record, e.getMessage()));
      } catch (RuntimeException e) {
        // A decoder bug must not stop the stream either: park the record, keep its bytes.
        deadLetters.add(deadLetter(record, "unreadable: " + e));
      }
    }
    return new Classified(readings, deadLetters);
  }

  static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    return new DeadLetter(
        record.key(), record.value(), reason, record.topic(), record.partition(), record.offset());
  }
}
