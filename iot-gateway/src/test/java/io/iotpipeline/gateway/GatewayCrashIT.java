package io.iotpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.FreePorts;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway runs as a separate JVM ({@link GatewayProcessMain}) and is SIGKILLed ({@code
 * destroyForcibly}) while devices publish at QoS 1; a new one is started on the same ports. Devices
 * resend whatever was not acknowledged, so no reading is lost; resends may duplicate a reading on
 * the topic, which the ingester's upserts turn into one row.
 */
@WithStack
class GatewayCrashIT {

  private static final Logger log = LoggerFactory.getLogger(GatewayCrashIT.class);
  private static final ReadingCodec CODEC = new ReadingCodec();
  private static final int DEVICES = 20;
  private static final int PER_DEVICE = 150;
  private static final int FIRST_SENSOR = 60_000;

  @Test
  void aKilledGatewayLosesNoAcknowledgedReadingAndDevicesResendTheRest(TestStack stack)
      throws Exception {
    KafkaSettings kafka = GatewayItFixtures.freshTopics(stack, "crash");
    List<Integer> ports = FreePorts.take(2);
    int mqttPort = ports.get(0);
    List<SensorReading> readings = GatewayItFixtures.readings(FIRST_SENSOR, DEVICES, PER_DEVICE);
    AtomicInteger acked = new AtomicInteger();
    AtomicInteger resends = new AtomicInteger();

    Process first = startGateway(kafka, ports, "first");
    Process second = null;
    ExecutorService devices = Executors.newFixedThreadPool(DEVICES);
    try {
      awaitListening(mqttPort);
      List<Future<?>> running = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        int sensor = FIRST_SENSOR + d;
        List<byte[]> payloads =
            readings.subList(d * PER_DEVICE, (d + 1) * PER_DEVICE).stream()
                .map(CODEC::encode)
                .toList();
        running.add(
            devices.submit(
                () -> {
                  try (GatewayItFixtures.ResendingDevice device =
                      new GatewayItFixtures.ResendingDevice(
                          "127.0.0.1", mqttPort, acked, Duration.ofMillis(10))) {
                    device.publishAll("sensors/" + sensor, payloads, Duration.ofSeconds(150));
                    resends.addAndGet(device.resends);
                  }
                  return null;
                }));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> acked.get() >= readings.size() / 4);
      int ackedAtKill = acked.get();
      first.destroyForcibly().waitFor();
      log.info("Gateway SIGKILLed after {} acknowledged publishes", ackedAtKill);
      assertThat(ackedAtKill).as("killed mid-run").isLessThan(readings.size());

      second = startGateway(kafka, ports, "second");
      for (Future<?> device : running) {
        device.get();
      }
      assertThat(acked.get()).isEqualTo(readings.size());
      assertThat(resends.get()).as("publishes cut off by the kill and resent").isPositive();
    } finally {
      devices.shutdownNow();
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly().waitFor();
      }
    }

    GatewayItFixtures.ingest(kafka, stack, 0);
    assertThat(GatewayItFixtures.countRows(stack.session(), stack.cassandra().keyspace(), readings))
        .isEqualTo(readings.size());
  }

  private static Process startGateway(KafkaSettings kafka, List<Integer> ports, String name)
      throws IOException {
    Path log = Path.of("target", "gateway-crash-" + name + ".log");
    Files.createDirectories(log.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            GatewayProcessMain.class.getName(),
            kafka.bootstrap(),
            kafka.topic(),
            kafka.dlqTopic(),
            Integer.toString(ports.get(0)),
            Integer.toString(ports.get(1)))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void awaitListening(int port) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
              } catch (IOException e) {
                return false;
              }
            });
  }
}
