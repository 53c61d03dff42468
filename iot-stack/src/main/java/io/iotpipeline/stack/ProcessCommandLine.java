package io.iotpipeline.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole command line of a process. {@code ProcessHandle.Info.arguments()} is empty on Linux
 * once a command line passes 4 KiB, and every JVM of ours passes it (a classpath of a few hundred
 * jars: a Spark child's is about 16 KiB), so markers on it are read from /proc instead.
 */
public final class ProcessCommandLine {
  private ProcessCommandLine() {}

  /** The arguments, executable first; empty when neither /proc nor the JDK can tell. */
  public static Optional<List<String>> of(ProcessHandle process) {
    Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
      if (!raw.isEmpty()) {
        return Optional.of(List.of(raw.split("\0")));
      }
    } catch (IOException e) {
      // not Linux, gone, or not ours to read: ask the JDK
    }
    return process
        .info()
        .command()
        .flatMap(
            command ->
                process
                    .info()
                    .arguments()
                    .map(
                        arguments -> {
                          String[] all = new String[arguments.length + 1];
                          all[0] = command;
                          System.arraycopy(arguments, 0, all, 1, arguments.length);
                          return List.of(all);
                        }));
  }
}
