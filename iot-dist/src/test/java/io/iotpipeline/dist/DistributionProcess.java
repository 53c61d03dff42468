package io.iotpipeline.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One {@code bin/iot} run, its stdout and stderr in one log file. */
record DistributionProcess(String name, Process process, Path log) implements AutoCloseable {

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  void awaitExit(Duration timeout) throws Exception {
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(exited)
        .as("bin/iot %s ended within %s; output:%n%s", name, timeout, output())
        .isTrue();
    assertThat(process.exitValue())
        .as("bin/iot %s exit code; output:%n%s", name, output())
        .isZero();
  }

  void awaitOutput(String text, Duration timeout) throws IOException {
    await("bin/iot " + name + " printing '" + text + "'")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> output().contains(text) || !process.isAlive());
    assertThat(process.isAlive()).as("bin/iot %s running; output:%n%s", name, output()).isTrue();
  }

  /**
   * The JVM's java.class.path as -XshowSettings:properties printed it: the first entry after the
   * key, each further one on a line of its own, indented deeper than the keys.
   */
  List<Path> classpath() throws IOException {
    List<String> lines = output().lines().toList();
    int first = -1;
    for (int i = 0; i < lines.size() && first < 0; i++) {
      if (lines.get(i).strip().startsWith("java.class.path = ")) {
        first = i;
      }
    }
    assertThat(first).as("java.class.path in the output of bin/iot %s", name).isNotNegative();
    String firstEntry = lines.get(first).strip().substring("java.class.path = ".length());
    Stream<String> more =
        lines.subList(first + 1, lines.size()).stream()
            .takeWhile(line -> line.startsWith("        ") && !line.contains(" = "));
    return Stream.concat(Stream.of(firstEntry), more.map(String::strip)).map(Path::of).toList();
  }

  /** Leaves nothing running on the shared machine, whatever the outcome. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
