package io.iotpipeline.clients.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.model.Tables;
import io.iotpipeline.model.Tables.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TablesTest {

  private static final Pattern CREATE_TABLE =
      Pattern.compile("CREATE TABLE IF NOT EXISTS ks\\.(\\w+) \\((.*)\\)", Pattern.DOTALL);

  @Test
  void theDescriptorsNameEveryTableTheMigrationsCreateWithItsKey() {
    List<String> created = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Migration migration : SchemaMigrator.loadBundledMigrations()) {
      for (String statement : migration.statements(Map.of("keyspace", "ks", "ttl_seconds", "1"))) {
        Matcher matcher = CREATE_TABLE.matcher(statement);
        if (matcher.lookingAt()) {
          created.add(matcher.group(1));
          keys.add(matcher.group(1) + " " + matcher.group(2).replaceAll("\\s+", " "));
        }
      }
    }

    assertThat(Tables.ALL).extracting(Table::name).containsExactlyElementsOf(created);
    assertThat(Tables.ALL)
        .allSatisfy(
            table ->
                assertThat(keys)
                    .anySatisfy(
                        key ->
                            assertThat(key)
                                .startsWith(table.name() + " ")
                                .containsAnyOf(
                                    "PRIMARY KEY " + table.key(),
                                    table.key().replaceAll("[()]", "") + " int PRIMARY KEY")));
  }

  @Test
  void theDescriptorsListTheColumnsTheMigrationsCreateInTheirOrder() {
    Map<String, List<String>> created = new LinkedHashMap<>();
    for (Migration migration : SchemaMigrator.loadBundledMigrations()) {
      for (String statement : migration.statements(Map.of("keyspace", "ks", "ttl_seconds", "1"))) {
        Matcher matcher = CREATE_TABLE.matcher(statement);
        if (matcher.lookingAt()) {
          List<String> columns = new ArrayList<>();
          for (String definition : matcher.group(2).split(",")) {
            String column = definition.strip().split("\\s+")[0];
            if (column.equals("PRIMARY")) {
              break;
            }
            columns.add(column);
          }
          created.put(matcher.group(1), columns);
        }
      }
    }

    assertThat(created).isNotEmpty();
    created.forEach(
        (table, columns) ->
            assertThat(Tables.ALL)
                .filteredOn(descriptor -> descriptor.name().equals(table))
                .singleElement()
                .satisfies(
                    descriptor ->
                        assertThat(descriptor.columns())
                            .as(table)
                            .containsExactlyElementsOf(columns)));
  }
}
