package io.iotpipeline.cli;

import io.iotpipeline.analytics.options.SqlOptions;
import io.iotpipeline.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/**
 * {@code iot sql}: Spark SQL over the pipeline's data, run by iot-analytics' {@code sql} job in a
 * child JVM like the other Spark jobs. This command only checks the options and forwards them.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Spark SQL over the pipeline's data: every table of the keyspace by its own",
      "name (sensor_data, sensor_agg_hour, ...; read through the Cassandra connector,",
      "partition keys pushed down) and the readings topic as a table of parsed",
      "readings (iotdata). With -e or -f the statements run and the command exits",
      "(non-zero when one fails); with neither, a prompt: statements end with ;",
      "and the arrow keys walk the history. Examples:",
      "  ./iot sql -e \"SELECT sensor_id, avg(temperature) FROM sensor_data",
      "    GROUP BY sensor_id\"",
      "  ./iot sql --format json -f report.sql > report.jsonl"
    })
public final class SqlCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Mixin AnalyticsCommand.JobOptions job;

  @Mixin SqlOptions options;

  @Override
  public Integer call() throws Exception {
    // The analytics component's settings: on a secure stack, its own credentials.
    Settings settings = global.loadAs("analytics");
    // Checked here, before a Spark JVM starts for a typo.
    options.check();
    if (options.execute() == null && options.file() == null && System.console() != null) {
      // The prompt: the terminal sends Ctrl-C to this JVM and the job's alike. The job's prompt
      // drops the statement being typed; this JVM must not end (and take the job with it). A
      // handler, not SIG_IGN: an ignored signal stays ignored in the child, and its prompt would
      // never see Ctrl-C.
      Signal.handle(new Signal("INT"), signal -> {});
    }
    return AnalyticsCommand.launch(settings, job.spec("sql", options.arguments()));
  }
}
