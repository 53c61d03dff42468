package io.iotpipeline.chaos;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.simulator.KafkaReadingSink;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the workload to the readings topic at its rate, on a thread of its own, with the
 * simulator's producer settings (idempotent, acks=all). Each reading is sent once; the ones Kafka
 * acknowledged are marked, the others are indeterminate (they may or may not have been written),
 * which is all a producer can know.
 */
final class WorkloadProducer implements AutoCloseable {

  private final Workload workload;
  private final int rate;
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  private final ReadingCodec codec = new ReadingCodec();
  private final BitSet acknowledged = new BitSet();
  private final AtomicLong attempted = new AtomicLong();
  private final AtomicLong acknowledgedCount = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final Thread sender;
  private volatile boolean stopping;

  WorkloadProducer(KafkaSettings kafka, String topic, Workload workload, int rate) {
    this.workload = workload;
    this.rate = rate;
    this.topic = topic;
    Map<String, Object> config = KafkaReadingSink.producerConfig(kafka);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "iot-chaos-workload");
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    this.sender = new Thread(this::sendAll, "chaos-workload");
  }

  void start() {
    sender.start();
  }

  private void sendAll() {
    byte[][] keys = new byte[workload.sensors()][];
    for (int sensor = 0; sensor < keys.length; sensor++) {
      keys[sensor] = Integer.toString(sensor).getBytes(StandardCharsets.UTF_8);
    }
    long began = System.nanoTime();
    for (long index = 0; index < workload.size() && !stopping; index++) {
      long due = began + (long) (index * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 2_000_000) {
        sleepNanos(wait);
      }
      SensorReading reading = workload.reading(index);
      attempted.incrementAndGet();
      long sent = index;
      try {
        producer.send(
            new ProducerRecord<>(topic, keys[reading.sensorId()], codec.encode(reading)),
            (metadata, error) -> {
              if (error == null) {
                synchronized (acknowledged) {
                  acknowledged.set((int) sent);
                }
                acknowledgedCount.incrementAndGet();
              } else {
                countFailure();
                firstFailure.compareAndSet(null, error.toString());
              }
            });
      } catch (RuntimeException e) {
        countFailure();
        firstFailure.compareAndSet(null, e.toString());
      }
    }
    producer.flush();
  }

  private void countFailure() {
    failed.incrementAndGet();
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every reading was sent and Kafka answered for each. */
  void awaitSent() throws InterruptedException {
    sender.join();
  }

  boolean isDone() {
    return !sender.isAlive();
  }

  long attempted() {
    return attempted.get();
  }

  long acknowledgedCount() {
    return acknowledgedCount.get();
  }

  long failed() {
    return failed.get();
  }

  String firstFailure() {
    return firstFailure.get();
  }

  /** The indexes Kafka acknowledged; complete once {@link #awaitSent} returned. */
  BitSet acknowledged() {
    synchronized (acknowledged) {
      return (BitSet) acknowledged.clone();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    sender.join();
    producer.close();
  }
}
