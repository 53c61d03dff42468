package io.iotpipeline.clients.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationTest {

  private static final Map<String, String> VARIABLES =
      Map.of("keyspace", "ks", "ttl_seconds", "60");

  @Test
  void parsesVersionAndDescriptionFromTheFileName() {
    Migration migration = Migration.parse("V012__add_alert_tables.cql", "SELECT 1;");

    assertThat(migration.version()).isEqualTo(12);
    assertThat(migration.description()).isEqualTo("add alert tables");
  }

  @Test
  void rejectsFileNamesWithoutAVersion() {
    assertThatThrownBy(() -> Migration.parse("add_tables.cql", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("V001__name.cql");
  }

  @Test
  void splitsStatementsDropsCommentsAndFillsPlaceholders() {
    Migration migration =
        Migration.parse(
            "V1__x.cql",
            """
        -- a comment; with a semicolon
        CREATE TABLE IF NOT EXISTS ${keyspace}.a (
            id int PRIMARY KEY
        ) WITH default_time_to_live = ${ttl_seconds};

        CREATE TABLE IF NOT EXISTS ${keyspace}.b (id int PRIMARY KEY);
        """);

    List<String> statements = migration.statements(VARIABLES);

    assertThat(statements).hasSize(2);
    assertThat(statements.get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS ks.a (")
        .endsWith("default_time_to_live = 60")
        .doesNotContain("comment");
    assertThat(statements.get(1)).isEqualTo("CREATE TABLE IF NOT EXISTS ks.b (id int PRIMARY KEY)");
  }

  @Test
  void unknownPlaceholdersFailLoudly() {
    Migration migration =
        Migration.parse("V1__x.cql", "CREATE TABLE ${nope}.a (id int PRIMARY KEY);");

    assertThatThrownBy(() -> migration.statements(VARIABLES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("${nope}");
  }

  @Test
  void checksumChangesWhenTheScriptChanges() {
    assertThat(Migration.parse("V1__x.cql", "A;").checksum())
        .isEqualTo(Migration.parse("V1__x.cql", "A;").checksum())
        .isNotEqualTo(Migration.parse("V1__x.cql", "B;").checksum());
  }

  @Test
  void bundledMigrationsAreOrderedIdempotentAndCreateTheRawTable() {
    List<Migration> migrations = SchemaMigrator.loadBundledMigrations();

    assertThat(migrations).isNotEmpty();
    assertThat(migrations).extracting(Migration::version).isSorted().doesNotHaveDuplicates();
    List<String> all = migrations.stream().flatMap(m -> m.statements(VARIABLES).stream()).toList();
    assertThat(all)
        .allSatisfy(statement -> assertThat(statement).containsIgnoringCase("IF NOT EXISTS"));
    assertThat(all)
        .anySatisfy(
            statement ->
                assertThat(statement)
                    .contains("ks.sensor_data")
                    .contains("PRIMARY KEY ((sensor_id, day), timestamp)")
                    .contains("TimeWindowCompactionStrategy")
                    .contains("default_time_to_live = 60"));
  }
}
