package io.iotpipeline.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shows the effective settings and where each value came from. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Show every setting, its value and where it came from (default, file, env, flag).")
public final class ConfigCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    global.load().describe().forEach((key, value) -> out.printf("%-30s %s%n", key, value));
    out.flush();
    return 0;
  }
}
