package io.iotpipeline.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line of a child JVM running on the same JDK as this one. */
final class JavaCommand {
  private JavaCommand() {}

  static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static List<String> of(
      String serviceName,
      Path dataDir,
      List<String> jvmOptions,
      RuntimeClasspath classpath,
      String mainClass,
      List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable().toString());
    command.add(ServiceProcess.marker(serviceName));
    // Names the stack a process belongs to, so scripts can stop exactly one stack's processes.
    command.add("-Diot.data-dir=" + dataDir);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath.asArgument());
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }

  /**
   * Fails early, with the fix, when this JVM is not a JDK 17 (Cassandra 5.0 needs exactly that).
   */
  static void requireJava17() {
    int feature = Runtime.version().feature();
    if (feature != 17) {
      throw new StackException(
          "the local stack needs Java 17 (Cassandra 5.0 does not run on Java "
              + feature
              + "); this is "
              + System.getProperty("java.home")
              + ". Set JAVA_HOME to a JDK 17, e.g. /usr/lib/jvm/java-17-openjdk-amd64");
    }
  }
}
