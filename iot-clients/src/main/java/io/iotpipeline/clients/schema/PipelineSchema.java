package io.iotpipeline.clients.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import java.util.List;

/** Everything the pipeline needs to exist before it runs: its topics and its schema. */
public final class PipelineSchema {
  private PipelineSchema() {}

  /** What {@link #ensure} did. */
  public record Outcome(
      List<String> createdTopics, List<Migration> appliedMigrations, int schemaVersion) {}

  public static Outcome ensure(KafkaSettings kafka, CassandraSettings cassandra) {
    List<String> topics = KafkaTopics.ensure(kafka);
    SchemaMigrator migrator = new SchemaMigrator(cassandra);
    try (CqlSession session = CassandraSessions.open(cassandra)) {
      return new Outcome(topics, migrator.migrate(session), migrator.latestVersion());
    }
  }
}
