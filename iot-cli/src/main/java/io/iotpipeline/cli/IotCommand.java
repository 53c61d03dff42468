package io.iotpipeline.cli;

import io.iotpipeline.bench.BenchException;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.clients.SecurityErrors;
import io.iotpipeline.config.ConfigException;
import io.iotpipeline.process.ParentWatchdog;
import io.iotpipeline.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code iot} command: the entry point of every user-facing action. */
@Command(
    name = "iot",
    mixinStandardHelpOptions = true,
    version = "iot-pipeline 0.1.0",
    description = "IoT sensor pipeline on real Kafka, Cassandra and Spark.",
    subcommands = {
      StackCommand.class,
      SetupCommand.class,
      DemoCommand.class,
      StatusCommand.class,
      SimulateCommand.class,
      AnalyticsCommand.class,
      SqlCommand.class,
      IngestCommand.class,
      GatewayCommand.class,
      DevicesCommand.class,
      BenchCommand.class,
      ChaosCommand.class,
      ServeCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class IotCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // A benchmark runs parts of the pipeline as child JVMs of the CLI: they end with their parent.
    ParentWatchdog.startIfAsked();
    System.exit(commandLine().execute(args));
  }

  /** The fully wired command line; tests execute it too. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new IotCommand());
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          if (exception instanceof StackException
              || exception instanceof ClientException
              || exception instanceof ConfigException
              || exception instanceof UserFacingException
              || exception instanceof BenchException) {
            cmd.getErr().println("error: " + exception.getMessage());
            SecurityErrors.explain(exception).ifPresent(why -> cmd.getErr().println("  " + why));
            return 1;
          }
          throw exception;
        });
    return commandLine;
  }
}
