package io.iotpipeline.gateway;

import io.iotpipeline.config.Settings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Small factories shared by the gateway's unit tests. */
final class GatewayFixtures {
  private GatewayFixtures() {}

  static final ReadingCodec CODEC = new ReadingCodec();
  static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

  /** Open, both ports 0, defaults for the rest. */
  static GatewayConfig openConfig() {
    return GatewayConfig.from(
        Settings.defaults()
            .with(
                Map.of(
                    "gateway.mqtt-port", "0", "gateway.http-port", "0", "gateway.open", "true")));
  }

  static MockProducer<byte[], byte[]> manualProducer() {
    return new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static MockProducer<byte[], byte[]> autoProducer() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A gateway on free ports in front of a mock producer, started. */
  static Gateway openGateway(Producer<byte[], byte[]> producer, int capacity) {
    GatewayConfig config = openConfig();
    return Gateway.assemble(
            config,
            new KafkaForwarder(producer, config.kafka(), capacity),
            DeviceAuthenticator.open(),
            null)
        .start();
  }

  static SensorReading reading(int sensorId, int i) {
    return new SensorReading(
        sensorId, START.plusMillis(1000L * i), 20.0 + (i % 10) / 10.0, 50.0, i, null);
  }

  static byte[] json(int sensorId, int i) {
    return CODEC.encode(reading(sensorId, i));
  }

  static String header(ProducerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
