package io.iotpipeline.ingest;

import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The ingester as a process of its own, so {@link IngesterCrashIT} can SIGKILL it. Arguments:
 * bootstrap topic dlq-topic cassandra-contact-point keyspace group idle-stop-seconds.
 */
public final class IngestProcessMain {
  private IngestProcessMain() {}

  public static void main(String[] args) throws Exception {
    Settings settings =
        Settings.defaults()
            .with(
                Map.of(
                    "kafka.bootstrap",
                    args[0],
                    "kafka.topic",
                    args[1],
                    "kafka.dlq-topic",
                    args[2],
                    "cassandra.contact-points",
                    args[3],
                    "cassandra.keyspace",
                    args[4]));
    IngestOptions options =
        IngestOptions.from(settings)
            .withGroupId(args[5])
            .withStop(Duration.ofSeconds(Long.parseLong(args[6])), 0)
            .withMetricsInterval(Duration.ofSeconds(1));
    int status;
    try (KafkaIngester ingester =
        KafkaIngester.create(
            options,
            KafkaSettings.from(settings),
            CassandraSettings.from(settings),
            Clock.systemUTC(),
            KafkaIngester.logReporter())) {
      ingester.start();
      while (!ingester.awaitTermination(Duration.ofSeconds(1))) {
        // runs until killed or idle
      }
      status = ingester.failure().isPresent() ? 2 : 0;
    }
    System.exit(status);
  }
}
