package io.iotpipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Shows the effective settings and where each value came from. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Show every setting, its value and where it came from (default, file, env, flag).")
public final class ConfigCommand implements Callable<Integer> {

  @Mixin
  GlobalOptions global;

  @Override
  public Integer call() {
    global.load().describe().forEach((key, value) -> System.out.printf("%-30s %s%n", key, value));
    return 0;
  }
}
