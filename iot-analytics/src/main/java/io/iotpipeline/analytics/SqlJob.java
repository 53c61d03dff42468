package io.iotpipeline.analytics;

import io.iotpipeline.analytics.options.JobCommandLine.SqlRun;
import io.iotpipeline.analytics.options.SqlOptions;
import io.iotpipeline.analytics.sql.PipelineSql;
import io.iotpipeline.analytics.sql.PipelineViews;
import io.iotpipeline.analytics.sql.SparkProgress;
import io.iotpipeline.analytics.sql.SqlPrompt;
import io.iotpipeline.analytics.sql.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code sql} job: statements from {@code -e}, {@code -f}, standard input when it is not a
 * terminal, or else the interactive prompt. Results go to stdout, errors and progress to stderr.
 * Exit code 0 when every statement ran, 1 when one failed (a script stops at it).
 */
public final class SqlJob {
  private SqlJob() {}

  static int run(SqlRun job) throws IOException {
    SqlOptions options = job.options();
    List<String> statements = statementsGiven(options);
    boolean terminal = System.console() != null;
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (SparkSession spark = AnalyticsMain.open(job.config(), "sql", job.jars())) {
      if (!options.debug()) {
        // The warnings Spark logs while it plans (skipped scans, reused configs) would mix with
        // the results on the terminal; errors that end a statement are printed by PipelineSql.
        spark.sparkContext().setLogLevel("ERROR");
      }
      List<String> views =
          PipelineViews.register(spark, job.config().cassandra().keyspace(), job.config().kafka());
      try (SparkProgress progress =
          options.progress()
              ? new SparkProgress(
                  JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker(),
                  err,
                  terminal)
              : null) {
        PipelineSql sql =
            new PipelineSql(spark, options.format(), out, err, progress, options.debug());
        if (statements == null && terminal) {
          new SqlPrompt(sql, job.historyFile()).run(views);
          return 0;
        }
        List<String> script = statements != null ? statements : SqlScript.statements(stdin());
        return sql.runAll(script) ? 0 : 1;
      }
    }
  }

  /** The statements of -e or -f, or null when neither was given. */
  private static List<String> statementsGiven(SqlOptions options) throws IOException {
    if (options.execute() != null) {
      return SqlScript.statements(options.execute());
    }
    if (options.file() != null) {
      return SqlScript.statements(Files.readString(options.file(), StandardCharsets.UTF_8));
    }
    return null;
  }

  private static String stdin() throws IOException {
    InputStream in = System.in;
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
