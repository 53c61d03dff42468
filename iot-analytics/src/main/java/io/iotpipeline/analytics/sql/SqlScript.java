package io.iotpipeline.analytics.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at the semicolons that end them: not those inside quotes ({@code
 * '...'}, {@code "..."}, {@code `...`}) or comments ({@code -- ...} to the end of the line, {@code
 * /* ... *}{@code /}). Pure, so the prompt and the script runner agree on where a statement ends.
 */
public final class SqlScript {
  private SqlScript() {}

  /** What the text holds: its complete statements, and what follows the last semicolon. */
  public record Split(List<String> statements, String rest) {
    public Split {
      statements = List.copyOf(statements);
    }

    /** True when nothing but blanks and comments follows the last statement. */
    public boolean restIsEmpty() {
      return strip(rest).isEmpty();
    }
  }

  /** The statements of a whole script; a last one without a semicolon counts too. */
  public static List<String> statements(String script) {
    Split split = split(script);
    List<String> statements = new ArrayList<>(split.statements());
    String last = strip(split.rest());
    if (!last.isEmpty()) {
      statements.add(last);
    }
    return statements;
  }

  public static Split split(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean lineComment = false;
    boolean blockComment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (lineComment) {
        lineComment = c != '\n';
        current.append(c);
      } else if (blockComment) {
        current.append(c);
        if (c == '*' && next == '/') {
          current.append(next);
          i++;
          blockComment = false;
        }
      } else if (quote != 0) {
        current.append(c);
        if (c == '\\' && quote != '`' && next != 0) {
          current.append(next);
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        current.append(c);
      } else if (c == '-' && next == '-') {
        lineComment = true;
        current.append(c);
      } else if (c == '/' && next == '*') {
        blockComment = true;
        current.append(c).append(next);
        i++;
      } else if (c == ';') {
        String statement = strip(current.toString());
        if (!statement.isEmpty()) {
          statements.add(statement);
        }
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    return new Split(statements, current.toString());
  }

  /**
   * The text without its leading and trailing blanks and comments (Spark parses comments, but a
   * statement that is only a comment is no statement).
   */
  static String strip(String text) {
    String rest = text.strip();
    while (true) {
      if (rest.startsWith("--")) {
        int end = rest.indexOf('\n');
        rest = end < 0 ? "" : rest.substring(end + 1).strip();
      } else if (rest.startsWith("/*")) {
        int end = rest.indexOf("*/");
        if (end < 0) {
          return rest;
        }
        rest = rest.substring(end + 2).strip();
      } else {
        return rest;
      }
    }
  }
}
