package io.iotpipeline.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer whose sends the test acknowledges or fails one by one, in any order: Kafka
 * acknowledges per partition, so two records can come back in either order.
 */
final class RecordingProducer extends MockProducer<byte[], byte[]> {

  private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
  private final List<Callback> callbacks = new ArrayList<>();

  RecordingProducer() {
    super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public synchronized Future<RecordMetadata> send(
      ProducerRecord<byte[], byte[]> record, Callback callback) {
    records.add(record);
    callbacks.add(callback);
    return new CompletableFuture<>();
  }

  synchronized List<ProducerRecord<byte[], byte[]>> sent() {
    return List.copyOf(records);
  }

  /** Acknowledges the i-th send (0 = first). */
  void ack(int i) {
    Callback callback;
    ProducerRecord<byte[], byte[]> record;
    synchronized (this) {
      callback = callbacks.get(i);
      record = records.get(i);
    }
    callback.onCompletion(
        new RecordMetadata(new TopicPartition(record.topic(), 0), i, 0, 0L, 0, 0), null);
  }

  void fail(int i, Exception error) {
    Callback callback;
    synchronized (this) {
      callback = callbacks.get(i);
    }
    callback.onCompletion(null, error);
  }
}
