package io.iotpipeline.stack.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotpipeline.stack.StackException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliChildTest {

  private static final Pattern SERVING = Pattern.compile("Serving (http://\\S+)");

  @TempDir Path logs;

  private CliChild shell(String script) throws Exception {
    Path log = logs.resolve("child.log");
    Process process =
        new ProcessBuilder("sh", "-c", script)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return CliChild.attach("the child", process, log);
  }

  @Test
  void waitsForALineWrittenInPiecesAfterOthers() throws Exception {
    try (CliChild child =
        shell(
            "echo starting; sleep 0.3; printf 'Serving http://127.0.0.1:'; "
                + "sleep 0.3; echo '4242/ (keyspace x)'; exec sleep 30")) {
      assertThat(child.awaitOutput(SERVING, Duration.ofSeconds(10)).group(1))
          .isEqualTo("http://127.0.0.1:4242/");
      child.checkAlive(); // still running: no exception
    }
  }

  @Test
  void aChildThatExitsFirstFailsWithTheEndOfItsOutput() throws Exception {
    try (CliChild child = shell("echo 'error: port in use'; exit 3")) {
      assertThatThrownBy(() -> child.awaitOutput(SERVING, Duration.ofSeconds(10)))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("exited with code 3")
          .hasMessageContaining("error: port in use");
    }
  }

  @Test
  void aChildThatNeverGetsReadyFailsAtTheTimeout() throws Exception {
    try (CliChild child = shell("echo warming up; exec sleep 30")) {
      assertThatThrownBy(() -> child.awaitOutput(SERVING, Duration.ofMillis(500)))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("did not get ready")
          .hasMessageContaining("warming up");
    }
  }
}
