package io.iotpipeline.cli;

import io.iotpipeline.clients.schema.PipelineSchema;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Topics and schema on whatever clusters the settings name: the external-cluster twin of stack up.
 */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description = {
      "Create the topics and apply the schema migrations on the configured Kafka and",
      "Cassandra (what 'stack up' does after starting; use it with external clusters). Idempotent."
    })
public final class SetupCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Override
  public Integer call() {
    Settings settings = global.load();
    KafkaSettings kafka = KafkaSettings.from(settings);
    CassandraSettings cassandra = CassandraSettings.from(settings);
    PipelineSchema.Outcome outcome = PipelineSchema.ensure(kafka, cassandra);
    System.out.printf(
        "Kafka %s: %s%n",
        kafka.bootstrap(),
        outcome.createdTopics().isEmpty()
            ? "all topics present"
            : "created " + String.join(", ", outcome.createdTopics()));
    System.out.printf(
        "Cassandra %s: keyspace %s at schema version %d%s%n",
        cassandra.contactPoints().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList(),
        cassandra.keyspace(),
        outcome.schemaVersion(),
        outcome.appliedMigrations().isEmpty()
            ? ""
            : " (applied " + outcome.appliedMigrations().size() + " migration(s))");
    return 0;
  }
}
