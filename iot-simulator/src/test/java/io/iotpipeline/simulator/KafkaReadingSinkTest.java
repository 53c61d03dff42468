package io.iotpipeline.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaReadingSinkTest {

  @Test
  void producerSettingsFavourSafeHighThroughputDelivery() {
    Map<String, Object> config =
        KafkaReadingSink.producerConfig(KafkaSettings.from(Settings.defaults()));

    assertThat(config)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    assertThat((Integer) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
        .isGreaterThanOrEqualTo(
            (Integer) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)
                + (Integer) config.get(ProducerConfig.LINGER_MS_CONFIG));
  }

  @Test
  void theProducerConnectsWithTheConfiguredSecurity() {
    KafkaSettings secured =
        KafkaSettings.from(
            Settings.defaults()
                .with(
                    Map.of(
                        "kafka.security.protocol", "SASL_SSL",
                        "kafka.sasl.username", "iot_simulator",
                        "kafka.sasl.password", "pw",
                        "kafka.ssl.truststore.location", "/secrets/truststore.p12",
                        "kafka.ssl.truststore.password", "tpw")));

    Map<String, Object> config = KafkaReadingSink.producerConfig(secured);

    assertThat(config)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/secrets/truststore.p12")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    assertThat((String) config.get("sasl.jaas.config")).contains("username=\"iot_simulator\"");
  }

  @Test
  void anUnreachableBrokerFailsTheRunInsteadOfHanging() {
    // Nothing listens on port 1: metadata never arrives, so send() gives up after max.block.ms.
    KafkaSettings nowhere =
        KafkaSettings.from(Settings.defaults())
            .withBootstrap("127.0.0.1:1")
            .withTopics("t", "t-dlq", "t-truth")
            .withPartitions(1, (short) 1);
    SimulationStats stats = new SimulationStats();
    SensorReading reading =
        new SensorReading(1, Instant.ofEpochSecond(1_732_780_000L), 21.5, 55.0, 0, "site-0");
    byte[] value = new ReadingCodec().encode(reading);
    long began = System.nanoTime();

    try (KafkaReadingSink sink =
        new KafkaReadingSink(nowhere, stats, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000))) {
      sink.send(reading, value);
      assertThatThrownBy(sink::flush)
          .isInstanceOf(SinkFailedException.class)
          .hasMessageContaining("cannot deliver to Kafka topic t");
      assertThatThrownBy(() -> sink.send(reading, value)).isInstanceOf(SinkFailedException.class);
    }

    assertThat(stats.snapshot().errors()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
  }
}
