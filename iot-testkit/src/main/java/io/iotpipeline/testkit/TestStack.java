package io.iotpipeline.testkit;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;

/**
 * What a test class gets: settings that point at the running stack, with topic and keyspace names
 * of its own, and a session bound to that keyspace (owned by the extension: do not close it).
 */
public record TestStack(
    Settings settings,
    KafkaSettings kafka,
    CassandraSettings cassandra,
    CqlSession session,
    String sparkMaster) {

  /** The Spark master URL, when the class asked for {@code @WithStack(spark = true)}. */
  @Override
  public String sparkMaster() {
    if (sparkMaster == null) {
      throw new IllegalStateException("annotate the test class with @WithStack(spark = true)");
    }
    return sparkMaster;
  }

  /** Rows in a table of this class's keyspace (full scan: for test-sized data only). */
  public long count(String table) {
    return session
        .execute("SELECT COUNT(*) FROM " + cassandra.keyspace() + "." + table)
        .one()
        .getLong(0);
  }
}
