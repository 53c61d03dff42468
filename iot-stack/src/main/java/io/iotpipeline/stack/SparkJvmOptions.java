package io.iotpipeline.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags every Spark JVM needs on Java 17 (driver, master, worker, test JVMs): Spark reaches
 * into JDK internals such as {@code sun.nio.ch.DirectBuffer}. These mirror Spark's own launcher.
 */
public final class SparkJvmOptions {
  private SparkJvmOptions() {}

  private static final List<String> OPENED_PACKAGES =
      List.of(
          "java.base/java.lang",
          "java.base/java.lang.invoke",
          "java.base/java.lang.reflect",
          "java.base/java.io",
          "java.base/java.net",
          "java.base/java.nio",
          "java.base/java.util",
          "java.base/java.util.concurrent",
          "java.base/java.util.concurrent.atomic",
          "java.base/jdk.internal.ref",
          "java.base/sun.nio.ch",
          "java.base/sun.nio.cs",
          "java.base/sun.security.action",
          "java.base/sun.util.calendar",
          "java.security.jgss/sun.security.krb5");

  public static List<String> all() {
    List<String> options = new ArrayList<>();
    options.add("-XX:+IgnoreUnrecognizedVMOptions");
    for (String opened : OPENED_PACKAGES) {
      options.add("--add-opens=" + opened + "=ALL-UNNAMED");
    }
    options.add("-Djdk.reflect.useDirectMethodHandle=false");
    options.add("-Dio.netty.tryReflectionSetAccessible=true");
    return options;
  }
}
