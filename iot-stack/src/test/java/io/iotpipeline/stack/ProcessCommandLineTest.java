package io.iotpipeline.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessCommandLineTest {

  @Test
  void readsAWholeCommandLineLongerThanTheFourKibTheJdkReports() throws Exception {
    String marker = "-Dmarker=" + "x".repeat(8 * 1024);
    Process sleeper = new ProcessBuilder("sh", "-c", "sleep 30", "sleeper", marker).start();
    try {
      // Until the JDK's spawn helper has exec'd sh, /proc shows the helper's command line.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(ProcessCommandLine.of(sleeper.toHandle()))
                      .hasValueSatisfying(args -> assertThat(args).endsWith("sleeper", marker)));
    } finally {
      sleeper.destroyForcibly();
    }
  }
}
