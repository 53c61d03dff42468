package io.iotpipeline.analytics.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive prompt of {@code ./iot sql} (JLine): a statement may span lines and runs once a
 * line ends it with {@code ;}; the arrow keys and Ctrl-R walk the history, which is kept in a file
 * under the data dir across sessions. {@code quit}, {@code exit} or Ctrl-D leave; Ctrl-C drops the
 * statement being typed (while a statement runs, it ends the JVM: Spark has no clean way back).
 */
public final class SqlPrompt {

  private static final String PROMPT = "sql> ";
  private static final String CONTINUATION = "  -> ";

  private final PipelineSql sql;
  private final Path historyFile;

  public SqlPrompt(PipelineSql sql, Path historyFile) {
    this.sql = sql;
    this.historyFile = historyFile;
  }

  /** Reads and runs statements until the user leaves; a failed statement does not end it. */
  public void run(List<String> views) {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader =
          LineReaderBuilder.builder()
              .appName("iot-sql")
              .terminal(terminal)
              .parser(new StatementParser())
              .variable(LineReader.HISTORY_FILE, historyFile)
              .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
              // A statement over several lines is one history entry, run as typed.
              .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
              .build();
      terminal
          .writer()
          .println(
              "Spark SQL over the pipeline. Tables: "
                  + String.join(", ", views.stream().sorted().toList())
                  + ". End a statement with ; (quit or Ctrl-D leaves).");
      terminal.flush();
      while (true) {
        String text;
        try {
          text = reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          return;
        }
        if (isQuit(text)) {
          return;
        }
        sql.runAll(SqlScript.statements(text));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
    }
  }

  static boolean isQuit(String text) {
    String word = SqlScript.strip(text).replace(";", "").strip().toLowerCase(Locale.ROOT);
    return word.equals("quit") || word.equals("exit");
  }

  /** Accepts a line only once it ends a statement with {@code ;} (or is blank, or quit/exit). */
  static final class StatementParser implements Parser {
    private final DefaultParser words = new DefaultParser();

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !complete(line)) {
        throw new EOFError(-1, cursor, "a statement ends with ;");
      }
      return words.parse(line, cursor, ParseContext.COMPLETE);
    }

    static boolean complete(String text) {
      SqlScript.Split split = SqlScript.split(text);
      return split.restIsEmpty() || isQuit(text);
    }
  }
}
