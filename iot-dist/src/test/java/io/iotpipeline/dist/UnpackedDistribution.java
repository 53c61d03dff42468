package io.iotpipeline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A tarball unpacked into a directory of its own, with an empty home directory and a working
 * directory beside it: {@link #start} runs its {@code bin/iot} the way a user on another machine
 * would, with nothing of the build machine but the JRE.
 *
 * @param home the unpacked {@code iot-pipeline-VERSION/}
 * @param userHome an empty directory: HOME and user.home of every run, so no ~/.m2 is reachable
 * @param workDir the working directory of every run (its data dir is {@code ./data} there)
 */
record UnpackedDistribution(Path home, Path userHome, Path workDir) {

  /** The settings a run needs to find the test stack and this class's topics and keyspace. */
  private static final List<String> STACK_KEYS =
      List.of(
          "kafka.bootstrap",
          "kafka.topic",
          "kafka.dlq-topic",
          "kafka.truth-topic",
          "kafka.alerts-topic",
          "cassandra.contact-points",
          "cassandra.dc",
          "cassandra.keyspace");

  static UnpackedDistribution unpack(Path tarball, Path directory) throws Exception {
    Path install = Files.createDirectories(directory.resolve("install"));
    // tar, as a user unpacks it: it keeps bin/iot executable.
    Process tar =
        new ProcessBuilder(
                "tar", "xzf", tarball.toAbsolutePath().toString(), "-C", install.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(tar.getInputStream().readAllBytes());
    assertThat(tar.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(tar.exitValue()).as("tar xzf %s: %s", tarball, output).isZero();
    List<Path> top;
    try (Stream<Path> entries = Files.list(install)) {
      top = entries.toList();
    }
    assertThat(top).as("one top directory").hasSize(1);
    assertThat(top.get(0).getFileName().toString()).startsWith("iot-pipeline-");
    Path home = top.get(0).toRealPath();
    assertThat(home.resolve("bin/iot")).isExecutable();
    return new UnpackedDistribution(
        home,
        Files.createDirectories(directory.resolve("empty-home")),
        Files.createDirectories(directory.resolve("work")));
  }

  Path lib() {
    return home.resolve("lib");
  }

  List<Path> libraryFiles() throws IOException {
    try (Stream<Path> files = Files.list(lib())) {
      return files.sorted().toList();
    }
  }

  /**
   * Entries under {@code iot-runtime/} in any jar of lib/: the engines' classpath lists, which name
   * jars in the build machine's ~/.m2 and must stay out of the distribution.
   */
  List<String> classpathListsInLib() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path jar : libraryFiles()) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        zip.stream()
            .map(ZipEntry::getName)
            .filter(name -> name.startsWith("iot-runtime/") && !name.endsWith("/"))
            .forEach(name -> found.add(jar.getFileName() + "!/" + name));
      }
    }
    return found;
  }

  /** conf/iot.properties pointing at the test stack, as a user writes it from the example. */
  Path writeConfig(Settings stack) throws IOException {
    StringBuilder properties = new StringBuilder("# written by DistributionIT\n");
    for (String key : STACK_KEYS) {
      properties.append(key).append('=').append(stack.get(key)).append('\n');
    }
    return Files.writeString(home.resolve("conf/iot.properties"), properties);
  }

  /**
   * Starts {@code bin/iot <arguments>}; the JVM prints its properties, the classpath among them.
   */
  DistributionProcess start(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/iot").toString()));
    command.addAll(List.of(arguments));
    String name = arguments[0];
    Path log = workDir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    // The build's own settings (IOT_*) must not reach the run: only the config file does.
    environment.keySet().removeIf(key -> key.startsWith("IOT_") || key.equals("CLASSPATH"));
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("HOME", userHome.toString());
    // Java takes user.home from the password database, not from HOME: set it as well.
    environment.put(
        "IOT_JAVA_OPTS", "-XshowSettings:properties -Duser.home=" + userHome.toAbsolutePath());
    return new DistributionProcess(name, builder.start(), log);
  }

  /** A classpath entry of a run: a jar in lib/, never anything of a Maven repository. */
  void requireInLib(Path entry) {
    assertThat(entry.toString()).doesNotContain(".m2");
    assertThat(entry.toAbsolutePath().normalize().getParent()).isEqualTo(lib());
  }
}
