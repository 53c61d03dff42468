package io.iotpipeline.stack.spark;

import io.iotpipeline.stack.RuntimeClasspath;
import io.iotpipeline.stack.StackException;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Spark jobs' code is: the iot-analytics jar (or classes directory) on this JVM's
 * classpath with the classpath list Maven resolved for it, and the shaded job jar next to it.
 */
final class AnalyticsJars {
  private AnalyticsJars() {}

  /** The driver JVM's classpath: our analytics classes, then Spark and its dependencies. */
  static String driverClasspath() {
    return analyticsJar() + File.pathSeparator + RuntimeClasspath.load("analytics").asArgument();
  }

  /**
   * The shaded job jar built next to the analytics jar: what executors on a cluster need (our
   * classes, the Kafka source, the connector), without Spark itself.
   */
  static Path jobJar() {
    Path analytics = analyticsJar();
    String name =
        Files.isDirectory(analytics)
            ? "iot-analytics-0.1.0-SNAPSHOT.jar"
            : analytics.getFileName().toString();
    Path job = analytics.getParent().resolve(name.replace(".jar", "-job.jar"));
    if (!Files.exists(job)) {
      throw new StackException(
          "no job jar at "
              + job
              + " for the cluster's executors;"
              + " build it (mvn -pl iot-analytics package) or pass --jars");
    }
    return job;
  }

  /** The iot-analytics jar (or classes directory) this JVM was started with. */
  static Path analyticsJar() {
    URL list = RuntimeClasspath.class.getResource("/iot-runtime/analytics.classpath");
    if (list == null) {
      // The distribution's lib/ has the analytics classes (the CLI parses the jobs' options) but
      // not this list, so this is where a local Spark job stops there.
      throw RuntimeClasspath.notInstalled("analytics");
    }
    try {
      if (list.getProtocol().equals("jar")) {
        String path = list.getPath();
        return Path.of(new URL(path.substring(0, path.indexOf("!/"))).toURI());
      }
      Path classes = Path.of(list.toURI()).getParent().getParent();
      if (!Files.isDirectory(classes)) {
        throw new StackException("unexpected location of the analytics classes: " + classes);
      }
      return classes;
    } catch (URISyntaxException | MalformedURLException e) {
      throw new StackException(
          "cannot locate the analytics jar from " + list + ": " + e.getMessage());
    }
  }
}
