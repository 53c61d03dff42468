package io.iotpipeline.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopSignalTest {

  @Test
  void aStopRequestRunsTheActionAndHoldsTheExitUntilTheCommandFinished() throws Exception {
    assertThat(runProbe(30_000, true))
        .containsExactly("ready", "stop action ran", "summary after stop");
  }

  @Test
  void closingWithoutAStopRequestRemovesTheHook() throws Exception {
    // A hook still registered would run the stop action when the probe exits normally.
    assertThat(runProbe(200, false)).containsExactly("ready", "no stop request");
  }

  private static List<String> runProbe(long waitMillis, boolean requestStop) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process probe =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StopSignalProbe.class.getName(),
                Long.toString(waitMillis))
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (requestStop && line.equals("ready")) {
          // SIGTERM, what Ctrl-C amounts to for a JVM (Process.destroy would also close our pipe)
          probe.toHandle().destroy();
        }
      }
    }
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return lines;
  }
}
