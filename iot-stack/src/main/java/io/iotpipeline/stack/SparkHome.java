package io.iotpipeline.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SPARK_HOME made of links to the Maven jars: Spark's worker builds its executors' classpath from
 * {@code $SPARK_HOME/jars} and recognises a release layout by its {@code RELEASE} file.
 */
final class SparkHome {
  private SparkHome() {}

  static Path prepare(Path home, RuntimeClasspath classpath) {
    Path jars = home.resolve("jars");
    try {
      Files.createDirectories(jars);
      Files.createDirectories(home.resolve("conf"));
      for (Path jar : classpath.entries()) {
        Path link = jars.resolve(jar.getFileName());
        if (Files.isSymbolicLink(link) && !Files.readSymbolicLink(link).equals(jar)) {
          Files.delete(link); // a rebuild resolved another copy of the same jar name
        }
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar);
        }
      }
      Files.writeString(
          home.resolve("RELEASE"), "Spark 3.5.4 linked from Maven artifacts by iot-pipeline\n");
      return home;
    } catch (IOException e) {
      throw new StackException("cannot prepare SPARK_HOME at " + home + ": " + e.getMessage(), e);
    }
  }
}
