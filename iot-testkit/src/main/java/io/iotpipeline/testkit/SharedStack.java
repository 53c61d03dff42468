package io.iotpipeline.testkit;

import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.stack.PortProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack behind every {@link WithStack} class in one test JVM. If Kafka and Cassandra already
 * listen on the configured ports (a developer's {@code ./iot stack up}, or an earlier module that
 * kept its stack) they are reused and left alone. Otherwise a stack is started under {@code
 * -Diot.it.data-dir} and stopped when the JVM exits, unless {@code -Diot.it.keep-stack=true}.
 */
final class SharedStack {

  private static final Logger log = LoggerFactory.getLogger(SharedStack.class);
  private static Settings settings;
  private static String sparkMaster;

  private SharedStack() {}

  /** The URL of a running Spark standalone master with a worker, started if none listens. */
  static synchronized String sparkMaster() {
    if (sparkMaster == null) {
      Settings withSpark = settings().with(Map.of("stack.spark", "true"));
      StackSettings stackSettings = StackSettings.from(withSpark);
      if (!PortProbe.isListening(stackSettings.spark().masterPort())) {
        LocalStack stack = new LocalStack(stackSettings);
        stack.up(List.of("spark-master", "spark-worker"));
        log.info("Started a Spark master and worker at {}", stackSettings.spark().masterUrl());
        stopAtExit(stack);
      }
      sparkMaster = stackSettings.spark().masterUrl();
    }
    return sparkMaster;
  }

  private static boolean stopHookAdded;

  private static void stopAtExit(LocalStack stack) {
    if (!Boolean.getBoolean("iot.it.keep-stack") && !stopHookAdded) {
      stopHookAdded = true;
      // down() stops whatever this data dir runs: all of it, or only the Spark it added.
      Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "test-stack-shutdown"));
    }
  }

  static synchronized Settings settings() {
    if (settings == null) {
      settings = start();
    }
    return settings;
  }

  /** The same local-stack layer as every ./iot command: clients follow the stack's ports. */
  static Settings settingsFor(String dataDir, Map<String, String> environment) {
    return Settings.load(null, environment, Map.of("data-dir", dataDir)).withLocalStack();
  }

  private static Settings start() {
    String dataDir = System.getProperty("iot.it.data-dir", "target/it-stack");
    Settings pointingAtStack = settingsFor(dataDir, System.getenv());
    StackSettings stackSettings = StackSettings.from(pointingAtStack);
    if (PortProbe.isListening(stackSettings.kafkaPort())
        && PortProbe.isListening(stackSettings.cassandraPort())) {
      log.info(
          "Reusing the stack already listening on ports {} and {}",
          stackSettings.kafkaPort(),
          stackSettings.cassandraPort());
      return pointingAtStack;
    }
    LocalStack stack = new LocalStack(stackSettings);
    long began = System.nanoTime();
    stack.up();
    log.info(
        "Started a test stack under {} in {} ms",
        Path.of(dataDir).toAbsolutePath(),
        (System.nanoTime() - began) / 1_000_000);
    stopAtExit(stack);
    return pointingAtStack;
  }
}
