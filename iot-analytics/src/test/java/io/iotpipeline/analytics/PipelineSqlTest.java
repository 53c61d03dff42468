package io.iotpipeline.analytics;

import static io.iotpipeline.analytics.LocalSpark.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.analytics.options.SqlOptions.Format;
import io.iotpipeline.analytics.sql.PipelineSql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Statements on a local Spark session over an in-memory view: formats and error lines. */
class PipelineSqlTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void readingsView() {
    LocalSpark.readings(
            List.of(
                reading(1, "2026-11-20T10:00:00Z", 20.0, 40.0),
                reading(1, "2026-11-20T10:00:10Z", 22.0, 42.0),
                reading(2, "2026-11-20T10:00:00Z", 30.5, 50.0)))
        .createOrReplaceTempView("readings_sql_test");
  }

  private PipelineSql sql(Format format) {
    return new PipelineSql(
        LocalSpark.session(),
        format,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        null,
        false);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonIsOneObjectPerRowWithEveryColumn() {
    boolean ran =
        sql(Format.JSON)
            .run(
                "SELECT sensor_id, avg(temperature) AS avg_temperature, CAST(NULL AS DOUBLE) AS nothing,"
                    + " min(timestamp) AS first FROM readings_sql_test"
                    + " GROUP BY sensor_id ORDER BY sensor_id");

    assertThat(ran).isTrue();
    assertThat(out().lines())
        .containsExactly(
            "{\"sensor_id\":1,\"avg_temperature\":21.0,\"nothing\":null,"
                + "\"first\":\"2026-11-20T10:00:00.000Z\"}",
            "{\"sensor_id\":2,\"avg_temperature\":30.5,\"nothing\":null,"
                + "\"first\":\"2026-11-20T10:00:00.000Z\"}");
    assertThat(err()).isEmpty();
  }

  @Test
  void csvHasAHeaderAndUtcTimestamps() {
    sql(Format.CSV).run("SELECT sensor_id, timestamp FROM readings_sql_test WHERE sensor_id = 2");

    assertThat(out().lines()).containsExactly("sensor_id,timestamp", "2,2026-11-20 10:00:00");
  }

  @Test
  void aTableEndsWithItsRowCountAndCommandsPrintNothing() {
    PipelineSql sql = sql(Format.TABLE);

    assertThat(
            sql.runAll(
                List.of(
                    "CREATE OR REPLACE TEMPORARY VIEW one_view AS SELECT 1 AS one",
                    "SELECT one FROM one_view")))
        .isTrue();

    assertThat(out()).isEqualTo("one\n---\n1\n(1 row)\n");
  }

  @Test
  void aSyntaxErrorIsOneLineWithItsPositionAndStopsTheScript() {
    boolean ran = sql(Format.JSON).runAll(List.of("SELEC sensor_id FROM x", "SELECT 1"));

    assertThat(ran).isFalse();
    assertThat(err().lines()).hasSize(1);
    assertThat(err())
        .startsWith("error: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'")
        .contains("line 1, pos 0");
    assertThat(out()).isEmpty();
  }

  @Test
  void anUnknownTableOrColumnIsOneLineNamingIt() {
    PipelineSql sql = sql(Format.TABLE);

    assertThat(sql.run("SELECT * FROM no_such_table")).isFalse();
    assertThat(sql.run("SELECT no_such_column FROM readings_sql_test")).isFalse();

    assertThat(err().lines()).hasSize(2);
    assertThat(err().lines().toList().get(0))
        .startsWith("error: [TABLE_OR_VIEW_NOT_FOUND]")
        .contains("no_such_table");
    assertThat(err().lines().toList().get(1))
        .startsWith("error: [UNRESOLVED_COLUMN")
        .contains("no_such_column");
  }
}
