package io.iotpipeline.analytics;

import io.iotpipeline.config.CassandraSecurity;
import io.iotpipeline.config.CassandraSettings;
import java.net.InetSocketAddress;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/** The one place that turns settings into a SparkSession wired to Cassandra. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession open(AnalyticsConfig config, String appName) {
    CassandraSettings cassandra = config.cassandra();
    InetSocketAddress first = cassandra.contactPoints().get(0);
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .master(config.master())
            // All days, minutes and hours are UTC, like the sensor_data partition key. With this
            // zone, to_date(ts) is the (sensor, UTC day) rule of io.iotpipeline.model.SensorDay in
            // Spark SQL: the jobs keep the expression, as a Java call per row would bypass codegen.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", config.shufflePartitions())
            .config("spark.ui.enabled", "false")
            // Direct joins (partition keys joined to a Cassandra table become one keyed read per
            // partition instead of a full table scan) need the connector's extensions.
            .config("spark.sql.extensions", "com.datastax.spark.connector.CassandraSparkExtensions")
            .config(
                "spark.cassandra.connection.host",
                cassandra.contactPoints().stream()
                    .map(InetSocketAddress::getHostString)
                    .distinct()
                    .collect(Collectors.joining(",")))
            .config("spark.cassandra.connection.port", first.getPort())
            .config("spark.cassandra.connection.localDC", cassandra.localDc())
            .config("spark.cassandra.output.consistency.level", cassandra.consistency())
            .config("spark.cassandra.input.consistency.level", cassandra.consistency())
            .config("spark.cassandra.read.timeoutMS", cassandra.requestTimeout().toMillis() * 6)
            // Writes are upserts keyed by the primary key, so a replayed micro-batch rewrites the
            // same rows; small unlogged batches per partition are the cheapest write here.
            .config("spark.cassandra.output.batch.grouping.key", "partition")
            .config("spark.cassandra.output.concurrent.writes", "16");
    CassandraSecurity security = cassandra.security();
    if (security.authenticated()) {
      // Spark redacts *password* keys (spark.redaction.regex) wherever it prints its conf.
      builder
          .config("spark.cassandra.auth.username", security.username())
          .config("spark.cassandra.auth.password", security.password());
    }
    if (security.tls()) {
      builder.config("spark.cassandra.connection.ssl.enabled", "true");
      if (!security.truststorePath().isBlank()) {
        builder
            .config("spark.cassandra.connection.ssl.trustStore.path", security.truststorePath())
            .config(
                "spark.cassandra.connection.ssl.trustStore.password", security.truststorePassword())
            .config(
                "spark.cassandra.connection.ssl.trustStore.type",
                security.truststorePath().endsWith(".jks") ? "JKS" : "PKCS12");
      }
    }
    if (config.master().startsWith("local") || config.master().startsWith("spark://127.0.0.1")) {
      // A driver on this machine only (local mode, or the local standalone cluster): keep its
      // address on loopback so nothing binds a public NIC and executors find it whatever the
      // host name resolves to.
      builder
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    return builder.getOrCreate();
  }
}
