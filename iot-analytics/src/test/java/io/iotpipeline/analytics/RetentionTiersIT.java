package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The retention tiers as Cassandra holds them: each table's default TTL read back from {@code
 * system_schema.tables} after the migration (the test kit migrates this class's keyspace with the
 * default settings) and after a retention setting changed and the migrator ran again, as {@code
 * ./iot setup} does. The expected seconds are written out here, not computed by {@code Retention}.
 */
@WithStack
class RetentionTiersIT {

  private static final long DAY = 86_400L;

  @Test
  void migrationsSetEachTiersTtlAndARerunAltersTheOnesThatChanged(TestStack stack) {
    Map<String, Integer> migrated = ttls(stack);

    assertThat(migrated)
        .containsEntry("sensor_data", (int) (90 * DAY))
        .containsEntry("sensor_alerts", (int) (90 * DAY))
        .containsEntry("sensor_alerts_by_day", (int) (90 * DAY))
        .containsEntry("sensor_agg_minute", (int) (400 * DAY))
        .containsEntry("sensor_agg_hour", (int) (5 * 365 * DAY))
        .containsEntry("sensor_agg_day", 0)
        // Tables outside the tiers keep the TTL their migration gave them.
        .containsEntry("stream_progress", (int) (7 * DAY))
        .containsEntry("sensors", 0);

    Settings changed =
        stack
            .settings()
            .with(Map.of("retention.minute", "30d", "cassandra.ttl", "7d", "retention.day", "10y"));
    CassandraSettings cassandra = CassandraSettings.from(changed);
    assertThat(new SchemaMigrator(cassandra).migrate(stack.session())).isEmpty();

    Map<String, Integer> altered = ttls(stack);
    assertThat(altered)
        .containsEntry("sensor_data", (int) (7 * DAY))
        .containsEntry("sensor_alerts", (int) (7 * DAY))
        .containsEntry("sensor_agg_minute", (int) (30 * DAY))
        .containsEntry("sensor_agg_hour", (int) (5 * 365 * DAY))
        .containsEntry("sensor_agg_day", (int) (10 * 365 * DAY))
        .containsEntry("stream_progress", (int) (7 * DAY));

    // Back to forever: a TTL can be removed as well as set.
    new SchemaMigrator(CassandraSettings.from(changed.with(Map.of("retention.day", "forever"))))
        .migrate(stack.session());
    assertThat(ttls(stack)).containsEntry("sensor_agg_day", 0);
  }

  private static Map<String, Integer> ttls(TestStack stack) {
    Map<String, Integer> ttls = new HashMap<>();
    for (Row row :
        stack
            .session()
            .execute(
                SimpleStatement.newInstance(
                    "SELECT table_name, default_time_to_live FROM system_schema.tables"
                        + " WHERE keyspace_name = ?",
                    stack.cassandra().keyspace()))) {
      ttls.put(row.getString(0), row.getInt(1));
    }
    return ttls;
  }
}
