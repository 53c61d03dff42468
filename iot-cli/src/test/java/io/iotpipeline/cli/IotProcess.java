package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.process.ParentWatchdog;
import io.iotpipeline.stack.ProcessCommandLine;
import io.iotpipeline.testkit.TestStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./iot} run as a real process, as a user runs it (the script execs the CLI JVM, so this
 * process is the CLI), and the Spark JVMs it started, found by the marker on their command line.
 */
final class IotProcess implements AutoCloseable {

  /** The marker of a Spark job's JVM, see the launcher in iot-stack. */
  static final String SPARK_JOB_MARKER = "-Diot.job=analytics-";

  private final Process process;
  private final Path output;

  private IotProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code ./iot <arguments>} pointed at the test stack, with a data dir of its own. */
  static IotProcess start(TestStack stack, Path dataDir, String... arguments) throws IOException {
    return start(clientSettings(stack), dataDir, arguments);
  }

  /** The test stack's client settings (addresses, the class's topics and keyspace). */
  static Map<String, String> clientSettings(TestStack stack) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String key :
        List.of(
            "kafka.bootstrap",
            "kafka.topic",
            "kafka.dlq-topic",
            "kafka.truth-topic",
            "kafka.alerts-topic",
            "cassandra.contact-points",
            "cassandra.keyspace")) {
      settings.put(key, stack.settings().get(key));
    }
    return settings;
  }

  /**
   * Starts {@code ./iot <arguments> -D key=value...} with a data dir of its own; with no client
   * settings among them the command uses the local stack of that data dir.
   */
  static IotProcess start(Map<String, String> settings, Path dataDir, String... arguments)
      throws IOException {
    Path script = Path.of("..", "iot").toAbsolutePath().normalize();
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(Arrays.asList(arguments));
    settings.forEach((key, value) -> command.addAll(List.of("-D", key + "=" + value)));
    command.addAll(List.of("-D", "data-dir=" + dataDir));
    Files.createDirectories(dataDir);
    Path output = Files.createTempFile(dataDir, "iot-output-", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new IotProcess(process, output);
  }

  /** Runs {@code ./iot} to its end; fails the test if it takes longer than {@code timeout}. */
  static String run(
      Map<String, String> settings, Path dataDir, Duration timeout, String... arguments)
      throws IOException, InterruptedException {
    Result result = finish(settings, dataDir, timeout, arguments);
    assertThat(result.exitCode())
        .as("./iot %s exit code; output:%n%s", String.join(" ", arguments), result.output())
        .isZero();
    return result.output();
  }

  /** How a command ended: its exit code and everything it printed. */
  record Result(int exitCode, String output) {}

  /** Runs {@code ./iot} to its end and checks that it failed (non-zero exit). */
  static Result runExpectingFailure(
      Map<String, String> settings, Path dataDir, Duration timeout, String... arguments)
      throws IOException, InterruptedException {
    Result result = finish(settings, dataDir, timeout, arguments);
    assertThat(result.exitCode())
        .as("./iot %s exit code; output:%n%s", String.join(" ", arguments), result.output())
        .isNotZero();
    return result;
  }

  private static Result finish(
      Map<String, String> settings, Path dataDir, Duration timeout, String... arguments)
      throws IOException, InterruptedException {
    try (IotProcess iot = start(settings, dataDir, arguments)) {
      boolean exited = iot.process().waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
      String output = iot.output();
      assertThat(exited)
          .as("./iot %s finished in %s; output:%n%s", String.join(" ", arguments), timeout, output)
          .isTrue();
      return new Result(iot.process().exitValue(), output);
    }
  }

  static Path freshDataDir(String name) {
    return Path.of("target", name + "-" + UUID.randomUUID()).toAbsolutePath();
  }

  Process process() {
    return process;
  }

  String output() throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }

  /**
   * Every live Spark job JVM this CLI started, by its parent marker, wherever it was reparented.
   */
  List<ProcessHandle> sparkJvms() {
    String parent = ParentWatchdog.jvmOption(process.pid());
    return ProcessHandle.allProcesses()
        .filter(
            handle -> {
              List<String> args = ProcessCommandLine.of(handle).orElse(List.of());
              return args.contains(parent)
                  && args.stream().anyMatch(arg -> arg.startsWith(SPARK_JOB_MARKER));
            })
        .filter(ProcessHandle::isAlive)
        .toList();
  }

  /**
   * SIGKILLs this CLI, which runs no shutdown hook, after checking that it runs one Spark JVM; that
   * JVM must notice on its own and be gone within 15 s.
   */
  void killAndAwaitNoSparkJvm() throws InterruptedException {
    List<ProcessHandle> spark = sparkJvms();
    assertThat(spark).as("the Spark JVM, by its marker").hasSize(1);

    process.destroyForcibly();
    assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();

    await("the Spark JVM gone after its parent's SIGKILL")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> spark.stream().noneMatch(ProcessHandle::isAlive) && sparkJvms().isEmpty());
  }

  /** Leaves nothing running on the shared machine, whatever the test's outcome. */
  @Override
  public void close() {
    process.destroyForcibly();
    sparkJvms().forEach(ProcessHandle::destroyForcibly);
  }
}
