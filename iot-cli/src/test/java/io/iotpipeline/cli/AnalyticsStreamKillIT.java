package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of {@code ./iot analytics stream} runs no shutdown hook in the CLI: its Spark JVM
 * must notice on its own (it watches its parent) and be gone within 15 s.
 */
@WithStack
class AnalyticsStreamKillIT {

  @Test
  void aSigkilledAnalyticsStreamLeavesNoSparkJvmRunning(TestStack stack) throws Exception {
    Path dataDir = IotProcess.freshDataDir("analytics-kill-it");
    try (IotProcess iot =
        IotProcess.start(
            stack,
            dataDir,
            "analytics",
            "stream",
            "--checkpoint-dir",
            dataDir.resolve("checkpoints").toString())) {
      // Running: both queries started, so the job consumes when the CLI dies.
      await("the streaming job running")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  iot.output().lines().anyMatch(line -> line.startsWith("Running;"))
                      || !iot.process().isAlive());
      assertThat(iot.process().isAlive())
          .as("./iot analytics stream; output:%n%s", iot.output())
          .isTrue();
      iot.killAndAwaitNoSparkJvm();
    }
  }
}
