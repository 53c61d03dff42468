package io.iotpipeline.analytics.sql;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.iotpipeline.analytics.options.SqlOptions.Format;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints a statement's result as an aligned table, CSV or JSON lines. Values are Spark's own string
 * casts (timestamps in the session's UTC zone), JSON is Spark's {@code to_json} with nulls kept, so
 * every format shows the same values.
 */
public final class ResultWriter {

  /**
   * A table is built in memory to align its columns: it shows this many rows at most (csv and json
   * stream every row).
   */
  public static final int MOST_TABLE_ROWS = 10_000;

  private final Format format;
  private final PrintStream out;

  public ResultWriter(Format format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  /** Prints the result; Spark runs it here. */
  public long write(Dataset<Row> result) {
    return write(result, () -> {});
  }

  /**
   * Prints the result; Spark runs it here.
   *
   * @param beforeOutput runs once the first values are ready, just before anything is printed (the
   *     progress line is erased then, so it never sits in front of a result)
   * @return the rows printed
   */
  public long write(Dataset<Row> result, Runnable beforeOutput) {
    if (result.columns().length == 0) {
      beforeOutput.run();
      return 0; // a command (SET, CREATE TEMPORARY VIEW, ...): nothing to show
    }
    if (format == Format.JSON) {
      long rows = 0;
      // to_json, not toJSON(): only its options keep null fields, so every line has every column.
      Dataset<Row> json =
          result.select(to_json(struct(col("*")), Map.of("ignoreNullFields", "false")));
      Iterator<Row> lines = json.toLocalIterator();
      lines.hasNext();
      beforeOutput.run();
      for (; lines.hasNext(); rows++) {
        out.println(lines.next().getString(0));
      }
      out.flush();
      return rows;
    }
    List<String> header = Arrays.asList(result.columns());
    Iterator<Row> rows = asStrings(result).toLocalIterator();
    if (format == Format.CSV) {
      rows.hasNext();
      beforeOutput.run();
      out.println(csvLine(header));
      long count = 0;
      for (; rows.hasNext(); count++) {
        out.println(csvLine(values(rows.next())));
      }
      out.flush();
      return count;
    }
    List<List<String>> shown = new ArrayList<>();
    while (rows.hasNext() && shown.size() < MOST_TABLE_ROWS) {
      shown.add(values(rows.next()));
    }
    boolean more = rows.hasNext();
    beforeOutput.run();
    out.print(table(header, shown));
    out.printf(
        "(%d row%s%s)%n",
        shown.size(),
        shown.size() == 1 ? "" : "s",
        more ? "; the first " + MOST_TABLE_ROWS + " shown, --format csv prints all" : "");
    out.flush();
    return shown.size();
  }

  /** Every column cast to a string by Spark; positional names, since a result may repeat one. */
  private static Dataset<Row> asStrings(Dataset<Row> result) {
    String[] positional = new String[result.columns().length];
    Column[] casts = new Column[positional.length];
    for (int i = 0; i < positional.length; i++) {
      positional[i] = "c" + i;
      casts[i] = col(positional[i]).cast("string");
    }
    return result.toDF(positional).select(casts);
  }

  private static List<String> values(Row row) {
    List<String> values = new ArrayList<>(row.length());
    for (int i = 0; i < row.length(); i++) {
      values.add(row.isNullAt(i) ? null : row.getString(i));
    }
    return values;
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted; null is an empty field. */
  static String csvLine(List<String> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      String value = values.get(i);
      if (value == null) {
        continue;
      }
      if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
        line.append('"').append(value.replace("\"", "\"\"")).append('"');
      } else {
        line.append(value);
      }
    }
    return line.toString();
  }

  /** Columns padded to their widest value, a rule under the header, {@code NULL} for nulls. */
  static String table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], shown(row.get(i)).length());
      }
    }
    StringBuilder text = new StringBuilder();
    appendRow(text, header, widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    appendRow(text, rule, widths);
    for (List<String> row : rows) {
      appendRow(text, row, widths);
    }
    return text.toString();
  }

  private static void appendRow(StringBuilder text, List<String> values, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String value = shown(values.get(i));
      line.append(value).append(" ".repeat(widths[i] - value.length()));
    }
    text.append(line.toString().stripTrailing()).append('\n');
  }

  private static String shown(String value) {
    return value == null ? "NULL" : value.replace("\n", "\\n");
  }
}
