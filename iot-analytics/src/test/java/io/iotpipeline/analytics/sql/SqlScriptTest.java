package io.iotpipeline.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsAtSemicolonsAndKeepsALastStatementWithoutOne() {
    assertThat(SqlScript.statements("SELECT 1;\nSELECT 2 ;  SELECT 3"))
        .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
  }

  @Test
  void semicolonsInQuotesAndCommentsDoNotEndAStatement() {
    String script =
        """
        -- a comment; still a comment
        SELECT ';' AS a, "x;y" AS b, `c;d` FROM t /* no; end */ WHERE s = 'it''s;';
        SELECT 'back\\';slash';
        """;

    assertThat(SqlScript.statements(script))
        .containsExactly(
            "SELECT ';' AS a, \"x;y\" AS b, `c;d` FROM t /* no; end */ WHERE s = 'it''s;'",
            "SELECT 'back\\';slash'");
  }

  @Test
  void blankAndCommentOnlyTextHoldsNoStatement() {
    assertThat(SqlScript.statements(" ;; -- nothing\n /* at all */ ")).isEmpty();
  }

  @Test
  void aPromptLineIsCompleteOnlyWhenItEndsAStatement() {
    assertThat(SqlPrompt.StatementParser.complete("SELECT avg(temperature)")).isFalse();
    assertThat(SqlPrompt.StatementParser.complete("SELECT avg(temperature)\nFROM sensor_data;"))
        .isTrue();
    assertThat(SqlPrompt.StatementParser.complete("SELECT ';")).isFalse();
    assertThat(SqlPrompt.StatementParser.complete("")).isTrue();
    assertThat(SqlPrompt.StatementParser.complete("quit")).isTrue();
    assertThat(SqlPrompt.isQuit("exit;")).isTrue();
    assertThat(SqlPrompt.isQuit("select 1;")).isFalse();
  }
}
