package io.iotpipeline.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of an engine that runs in its own JVM (Kafka, Cassandra, Spark jobs), as resolved
 * by Maven at build time into a resource {@code /iot-runtime/NAME.classpath}. Each engine gets its
 * own list because their dependency trees conflict with each other and with our clients.
 */
public record RuntimeClasspath(String name, List<Path> entries) {

  public RuntimeClasspath {
    entries = List.copyOf(entries);
  }

  public static RuntimeClasspath load(String name) {
    String resource = "/iot-runtime/" + name + ".classpath";
    try (InputStream in = RuntimeClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw notInstalled(name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      List<Path> entries =
          Arrays.stream(text.split(java.io.File.pathSeparator))
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .map(Path::of)
              .toList();
      List<Path> missing = entries.stream().filter(p -> !Files.exists(p)).toList();
      if (!missing.isEmpty()) {
        throw new StackException(
            name
                + " classpath names "
                + missing.size()
                + " missing jar(s), e.g. "
                + missing.get(0)
                + "; rebuild to download them (mvn -DskipTests package)");
      }
      return new RuntimeClasspath(name, entries);
    } catch (IOException e) {
      throw new StackException("cannot read " + resource + ": " + e.getMessage());
    }
  }

  /**
   * The error when an engine's list is not on the classpath: the CLI runs from the distribution
   * (bin/iot, whose lib/ leaves the lists out because they name jars in the build machine's ~/.m2),
   * or from a source checkout that was not built.
   */
  public static StackException notInstalled(String name) {
    String what =
        switch (name) {
          case "kafka" -> "the local stack's Kafka broker";
          case "cassandra" -> "the local stack's Cassandra node";
          case "spark" -> "the local Spark master and worker";
          case "analytics" -> "Spark, which a local analytics job runs on,";
          default -> "the " + name + " runtime";
        };
    return new StackException(
        what
            + " is not part of this installation (no /iot-runtime/"
            + name
            + ".classpath on the classpath). The distribution (bin/iot) runs against your own"
            + " clusters: point it at them with --kafka-bootstrap and --cassandra-contact-points"
            + " (or --config FILE), and submit the Spark job jar (jobs/) with spark-submit, see"
            + " docs/DISTRIBUTION.md. The local stack and local Spark jobs run from a source"
            + " checkout's ./iot, which builds them (or: mvn -DskipTests package).");
  }

  public String asArgument() {
    return String.join(java.io.File.pathSeparator, entries.stream().map(Path::toString).toList());
  }

  /**
   * The first jar whose file name starts with the prefix, e.g. {@code jamm-} for Cassandra's agent.
   */
  public Path jar(String fileNamePrefix) {
    return entries.stream()
        .filter(p -> p.getFileName().toString().startsWith(fileNamePrefix))
        .findFirst()
        .orElseThrow(
            () -> new StackException(name + " classpath has no " + fileNamePrefix + "*.jar"));
  }
}
