package io.iotpipeline.analytics.sql;

import io.iotpipeline.analytics.options.SqlOptions.Format;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Runs SQL statements against the pipeline's views ({@link PipelineViews}) and prints their results
 * ({@link ResultWriter}). A failed statement is one line on stderr, {@code error: ...}, with the
 * first line of Spark's message (its position in the statement included); the stack trace only with
 * {@code --debug}.
 */
public final class PipelineSql {

  private final SparkSession spark;
  private final ResultWriter results;
  private final PrintStream err;
  private final SparkProgress progress;
  private final boolean debug;

  public PipelineSql(
      SparkSession spark,
      Format format,
      PrintStream out,
      PrintStream err,
      SparkProgress progress,
      boolean debug) {
    this.spark = spark;
    this.results = new ResultWriter(format, out);
    this.err = err;
    this.progress = progress;
    this.debug = debug;
  }

  /**
   * Runs the statements in order and stops at the first that fails.
   *
   * @return true when every statement ran
   */
  public boolean runAll(List<String> statements) {
    for (String statement : statements) {
      if (!run(statement)) {
        return false;
      }
    }
    return true;
  }

  /**
   * @return true when the statement ran and its result was printed
   */
  public boolean run(String statement) {
    if (progress != null) {
      progress.start();
    }
    try {
      results.write(spark.sql(statement), this::stopProgress);
      return true;
    } catch (Exception e) {
      // Spark's AnalysisException (parse errors too) is a checked exception thrown from Scala.
      stopProgress();
      err.println("error: " + oneLine(e));
      if (debug) {
        e.printStackTrace(err);
      }
      return false;
    } finally {
      stopProgress();
    }
  }

  private void stopProgress() {
    if (progress != null) {
      progress.stop();
    }
  }

  /**
   * The first non-blank line of the message of the error or of its deepest cause that has one:
   * Spark's parse errors put the position on that line and the statement after it.
   */
  static String oneLine(Throwable error) {
    String message = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
        // Spark's own errors say what went wrong at the top; a wrapped cause says less.
        if (t instanceof org.apache.spark.sql.AnalysisException) {
          break;
        }
      }
    }
    if (message == null) {
      return error.getClass().getSimpleName();
    }
    for (String line : message.split("\n")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return error.getClass().getSimpleName();
  }
}
