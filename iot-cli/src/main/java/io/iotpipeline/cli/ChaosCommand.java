package io.iotpipeline.cli;

import io.iotpipeline.chaos.ChaosOptions;
import io.iotpipeline.chaos.ChaosRun;
import io.iotpipeline.chaos.Fault;
import io.iotpipeline.chaos.Verdict;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.Settings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iot chaos}: faults with a verdict. Wiring only: the run is in iot-chaos. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Send readings with unique keys through Kafka -> ingester -> Cassandra while "
          + "real processes are SIGKILLed, SIGSTOPped and fed hostile messages, then count: every "
          + "acknowledged reading must be stored exactly once, nothing stored that was never sent, "
          + "every hostile message in the dead-letter topic with a reason.",
      "Runs on the local stack (started if down) with topics chaos-<run>-* and the keyspace "
          + "iot_chaos of its own. Ends with a table and one JSON line. See RELIABILITY.md."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--readings",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Readings to send (default ${DEFAULT-VALUE}).")
  long readings;

  @Option(
      names = "--rate",
      paramLabel = "R",
      defaultValue = "5000",
      description = "Readings per second (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--sensors",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Sensors the readings are spread over (default ${DEFAULT-VALUE}).")
  int sensors;

  @Option(
      names = "--faults",
      paramLabel = "LIST",
      description =
          "Comma-separated faults (default: all that apply): kill-ingester, "
              + "kill-cassandra, pause-cassandra, kill-kafka, pause-kafka, kill-stream "
              + "(with --with-stream), fuzz.")
  String faults;

  @Option(
      names = "--every",
      paramLabel = "D",
      defaultValue = "25s",
      description =
          "Time from one fault's start to the next's, e.g. 20s (default ${DEFAULT-VALUE}).")
  String every;

  @Option(
      names = "--pause",
      paramLabel = "D",
      defaultValue = "20s",
      description = "How long pause-* faults keep a process stopped (default ${DEFAULT-VALUE}).")
  String pause;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Seeds the fault order, the readings and the hostile messages (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--with-stream",
      description =
          "Also run the Spark streaming job (and its kill-stream fault) and check its "
              + "minute aggregates against a recomputation from sensor_data.")
  boolean withStream;

  @Option(
      names = "--fuzz-messages",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Hostile messages per fuzz fault (default ${DEFAULT-VALUE}).")
  int fuzzMessages;

  @Option(
      names = "--drain-timeout",
      paramLabel = "D",
      defaultValue = "5m",
      description =
          "Longest wait for the pipeline to catch up after the workload (default ${DEFAULT-VALUE}).")
  String drainTimeout;

  @Override
  public Integer call() throws Exception {
    Settings settings = global.load();
    ChaosOptions options;
    try {
      List<Fault> kinds = faults == null ? Fault.applicable(withStream) : Fault.parseList(faults);
      options =
          new ChaosOptions(
              readings,
              rate,
              sensors,
              kinds,
              Durations.parse(every),
              Durations.parse(pause),
              seed,
              withStream,
              fuzzMessages,
              Durations.parse(drainTimeout));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    Verdict verdict = new ChaosRun(settings, options, IotCommand.class.getName(), System.out).run();
    System.out.println();
    System.out.print(verdict.table());
    System.out.println(verdict.toJson());
    return verdict.valid() ? 0 : 1;
  }
}
