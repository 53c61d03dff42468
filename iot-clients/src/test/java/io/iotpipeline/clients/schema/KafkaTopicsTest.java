package io.iotpipeline.clients.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.clients.ClientException;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deleting topics without a broker: the no-op and the failure the caller reports. */
class KafkaTopicsTest {

  @Test
  void deletingNoTopicsNeedsNoBroker() {
    assertThat(KafkaTopics.delete(kafkaAt(closedAddress()), List.of(), Duration.ofMillis(500)))
        .isEmpty();
  }

  @Test
  void aBrokerThatDoesNotAnswerFailsWithinTheTimeoutNamingTopicsAndAddress() {
    String bootstrap = closedAddress();
    long began = System.nanoTime();

    assertThatThrownBy(
            () ->
                KafkaTopics.delete(
                    kafkaAt(bootstrap), List.of("scratch-a", "scratch-b"), Duration.ofSeconds(1)))
        .isInstanceOf(ClientException.class)
        .hasMessageStartingWith(
            "cannot delete Kafka topics scratch-a, scratch-b at " + bootstrap + ": ");
    // Generous bound: the admin client's close waits for its own (equal) timeout at most.
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
  }

  private static KafkaSettings kafkaAt(String bootstrap) {
    return KafkaSettings.from(Settings.defaults()).withBootstrap(bootstrap);
  }

  /** A loopback port nobody listens on (bound once by us, then released). */
  private static String closedAddress() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
