package io.iotpipeline.clients.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned CQL script, named {@code V<version>__<description>.cql}. Statements end with a
 * semicolon at the end of a line; {@code ${name}} placeholders are filled in per keyspace. Every
 * statement must be idempotent ({@code IF NOT EXISTS}) so a half-applied migration can rerun.
 */
public record Migration(int version, String description, String script) {

  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.cql");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

  public static Migration parse(String fileName, String script) {
    Matcher matcher = FILE_NAME.matcher(fileName);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "migration file name must look like V001__name.cql: " + fileName);
    }
    return new Migration(
        Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '), script);
  }

  /** The statements of the script with placeholders replaced. */
  public List<String> statements(Map<String, String> variables) {
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";\\s*\n")) {
      String trimmed = statement.strip();
      if (trimmed.endsWith(";")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
      }
      if (!trimmed.isEmpty()) {
        statements.add(substitute(trimmed, variables));
      }
    }
    return statements;
  }

  private String substitute(String statement, Map<String, String> variables) {
    Matcher matcher = PLACEHOLDER.matcher(statement);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "migration V" + version + " uses unknown placeholder ${" + matcher.group(1) + "}");
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  /** Detects a script edited after it was applied somewhere. */
  public String checksum() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
