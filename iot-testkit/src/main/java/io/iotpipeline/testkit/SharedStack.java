package io.iotpipeline.testkit;

import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.stack.PortProbe;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack behind every {@link WithStack} class in one test JVM. If Kafka and Cassandra already
 * listen on the configured ports (a developer's {@code ./iot stack up}, or an earlier module that
 * kept its stack) they are reused and left alone. Otherwise a stack is started under
 * {@code -Diot.it.data-dir} and stopped when the JVM exits, unless {@code -Diot.it.keep-stack=true}.
 */
final class SharedStack {

  private static final Logger log = LoggerFactory.getLogger(SharedStack.class);
  private static Settings settings;

  private SharedStack() {}

  static synchronized Settings settings() {
    if (settings == null) {
      settings = start();
    }
    return settings;
  }

  private static Settings start() {
    String dataDir = System.getProperty("iot.it.data-dir", "target/it-stack");
    Settings base = Settings.load(null, System.getenv(), Map.of("data-dir", dataDir));
    StackSettings stackSettings = StackSettings.from(base);
    Settings pointingAtStack = base.with(Map.of(
        "kafka.bootstrap", stackSettings.kafkaBootstrap(),
        "cassandra.contact-points", stackSettings.cassandraContactPoint()));
    if (PortProbe.isListening(stackSettings.kafkaPort())
        && PortProbe.isListening(stackSettings.cassandraPort())) {
      log.info("Reusing the stack already listening on ports {} and {}", stackSettings.kafkaPort(),
          stackSettings.cassandraPort());
      return pointingAtStack;
    }
    LocalStack stack = new LocalStack(stackSettings);
    long began = System.nanoTime();
    stack.up();
    log.info("Started a test stack under {} in {} ms", Path.of(dataDir).toAbsolutePath(),
        (System.nanoTime() - began) / 1_000_000);
    if (!Boolean.getBoolean("iot.it.keep-stack")) {
      Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "test-stack-shutdown"));
    }
    return pointingAtStack;
  }
}
