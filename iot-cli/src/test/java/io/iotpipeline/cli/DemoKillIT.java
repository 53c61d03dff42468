package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a running {@code ./iot demo}: its Spark streaming JVM must be gone within 15
 * s, though the killed CLI could not stop it.
 */
@WithStack
class DemoKillIT {

  @Test
  void aSigkilledDemoLeavesNoSparkJvmRunning(TestStack stack) throws Exception {
    Path dataDir = IotProcess.freshDataDir("demo-kill-it");
    Path sparkLog = dataDir.resolve("logs").resolve("analytics-stream.log");
    try (IotProcess iot =
        IotProcess.start(
            stack,
            dataDir,
            "demo",
            "--external",
            "--sensors",
            "50",
            "--refresh",
            "5s",
            "--port",
            Integer.toString(freePort()))) {
      await("the demo's streaming job running")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  (Files.exists(sparkLog)
                          && Files.readString(sparkLog)
                              .lines()
                              .anyMatch(line -> line.startsWith("Running;")))
                      || !iot.process().isAlive());
      assertThat(iot.process().isAlive()).as("./iot demo; output:%n%s", iot.output()).isTrue();
      iot.killAndAwaitNoSparkJvm();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
