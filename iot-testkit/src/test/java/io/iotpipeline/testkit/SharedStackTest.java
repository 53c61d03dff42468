package io.iotpipeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedStackTest {

  @Test
  void testsGetTheLocalStackLayerOfTheCommands() {
    Settings settings =
        SharedStack.settingsFor(
            "target/it-stack",
            Map.of("IOT_STACK_KAFKA_PORT", "19092", "IOT_STACK_CASSANDRA_PORT", "19042"));

    assertThat(settings.get("kafka.bootstrap")).isEqualTo("127.0.0.1:19092");
    assertThat(settings.source("kafka.bootstrap")).isEqualTo("local stack (stack.kafka-port)");
    assertThat(settings.get("cassandra.contact-points")).isEqualTo("127.0.0.1:19042");
    assertThat(settings.get("data-dir")).isEqualTo("target/it-stack");
  }
}
