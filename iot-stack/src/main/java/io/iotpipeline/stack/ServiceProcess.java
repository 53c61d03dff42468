package io.iotpipeline.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service JVM that outlives the command that started it: it is found again through its PID file,
 * and a marker system property ({@code -Diot.service=NAME}) guards against a recycled PID.
 */
public final class ServiceProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final Path pidFile;
  private final Path logFile;

  public ServiceProcess(String name, Path runDir, Path logFile) {
    this.name = name;
    this.pidFile = runDir.resolve(name + ".pid");
    this.logFile = logFile;
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  public static String marker(String serviceName) {
    return "-Diot.service=" + serviceName;
  }

  /** The live process of this service, if its PID file names one that is really ours. */
  public Optional<ProcessHandle> running() {
    if (!Files.isReadable(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              handle ->
                  ProcessCommandLine.of(handle)
                      .map(args -> args.contains(marker(name)))
                      .orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts the command in its own session (so Ctrl-C in the terminal that ran {@code iot} does not
   * reach it), with stdout and stderr appended to the log file, and records its PID.
   */
  public ProcessHandle launch(
      List<String> command, Path workDir, java.util.Map<String, String> environment) {
    List<String> fullCommand = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // setsid execs in place when the caller is not a group leader, so the PID stays the JVM's.
      fullCommand.add(SETSID.toString());
    }
    fullCommand.addAll(command);
    try {
      Files.createDirectories(logFile.getParent());
      Files.createDirectories(pidFile.getParent());
      Files.createDirectories(workDir);
      ProcessBuilder builder = new ProcessBuilder(fullCommand);
      builder.environment().putAll(environment);
      Process process =
          builder
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      Path temporary = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
      Files.writeString(temporary, Long.toString(process.pid()), StandardCharsets.US_ASCII);
      Files.move(
          temporary, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return process.toHandle();
    } catch (IOException e) {
      throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Asks the process to stop (SIGTERM), waits for a graceful exit, then kills it.
   *
   * @return true when it stopped gracefully, false when it had to be killed or was not running
   */
  public boolean stop(Duration gracePeriod) {
    Optional<ProcessHandle> process = running();
    if (process.isEmpty()) {
      deletePidFile();
      return false;
    }
    boolean graceful = ProcessSignals.terminate(process.get(), gracePeriod);
    deletePidFile();
    return graceful;
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new StackException("cannot delete " + pidFile + ": " + e.getMessage(), e);
    }
  }

  /** The last lines of the service log, for error messages. */
  public String tailLog(int lines) {
    if (!Files.isReadable(logFile)) {
      return "(no log at " + logFile + ")";
    }
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      long length = file.length();
      long start = Math.max(0, length - 64 * 1024);
      byte[] buffer = new byte[(int) (length - start)];
      file.seek(start);
      file.readFully(buffer);
      List<String> all = List.of(new String(buffer, StandardCharsets.UTF_8).split("\n"));
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** Resident memory of a process in bytes, from /proc; -1 when unknown. */
  public static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone: unknown
    }
    return -1;
  }

  /** Whether the process is stopped by a signal (SIGSTOP): Linux's state T in /proc. */
  public static boolean isPaused(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("State:")) {
          return line.substring("State:".length()).trim().startsWith("T");
        }
      }
    } catch (IOException e) {
      // not Linux, or the process is gone
    }
    return false;
  }
}
