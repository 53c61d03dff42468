package io.iotpipeline.stack.child;

import io.iotpipeline.process.ParentWatchdog;
import io.iotpipeline.stack.ProcessSignals;
import io.iotpipeline.stack.StackException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JVM the CLI starts for a part of the pipeline (a Spark job, or an {@code iot} subcommand of a
 * benchmark), on the JDK of this one. Each gets {@code -Diot.parent-pid} of this JVM, so it ends
 * when this JVM dies, SIGKILL included (iot-model ParentWatchdog), and so it can be found by it.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** How long a child gets to stop cleanly on SIGTERM (a streaming job stops its queries). */
  public static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /**
   * The command line: java, the JVM options, the parent marker, classpath, main class, arguments.
   */
  public static List<String> command(
      List<String> jvmOptions, String classpath, String mainClass, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add(ParentWatchdog.jvmOption(ProcessHandle.current().pid()));
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }

  /**
   * Starts a command. {@link ProcessBuilder.Redirect#INHERIT} shares this terminal (input too); any
   * other redirect receives stdout and stderr together.
   */
  public static Process launch(
      List<String> command, Map<String, String> environment, ProcessBuilder.Redirect output) {
    ProcessBuilder builder = new ProcessBuilder(command);
    environment.forEach((name, value) -> builder.environment().putIfAbsent(name, value));
    if (output == ProcessBuilder.Redirect.INHERIT) {
      builder.inheritIO();
    } else {
      builder.redirectErrorStream(true).redirectOutput(output);
    }
    try {
      return builder.start();
    } catch (IOException e) {
      throw new StackException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /** SIGTERM, so the child stops cleanly; killed if it has not exited after {@link #STOP_GRACE}. */
  public static void stop(Process child) {
    ProcessSignals.terminate(child.toHandle(), STOP_GRACE);
  }
}
