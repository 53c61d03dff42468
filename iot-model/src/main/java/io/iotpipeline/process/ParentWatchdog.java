package io.iotpipeline.process;

import java.time.Duration;
import java.util.Optional;

/**
 * Ends a child JVM when the process that started it is gone, SIGKILL included: a killed parent runs
 * no shutdown hook, so without this its Spark job (or ingester) would keep consuming. The parent
 * names itself with {@code -Diot.parent-pid=PID}; the child polls that process once a second, then
 * exits normally (shutdown hooks stop Spark's queries, checkpoint intact) and halts if that has not
 * finished after a grace period.
 */
public final class ParentWatchdog implements AutoCloseable {

  public static final String PARENT_PID_PROPERTY = "iot.parent-pid";
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** Below the 15 s within which a killed parent must leave no child behind. */
  static final Duration EXIT_GRACE = Duration.ofSeconds(8);

  static final int EXIT_STATUS = 143;

  private final Thread thread;
  private volatile boolean closed;

  ParentWatchdog(ProcessHandle parent, Duration interval, Runnable onParentGone) {
    this.thread = new Thread(() -> watch(parent, interval, onParentGone), "parent-watchdog");
    thread.setDaemon(true);
    thread.start();
  }

  /** The JVM option a parent adds to a child's command line; also its marker for {@code ps}. */
  public static String jvmOption(long parentPid) {
    return "-D" + PARENT_PID_PROPERTY + "=" + parentPid;
  }

  /**
   * Starts watching the parent named by {@code -Diot.parent-pid}, if there is one; exits at once
   * when that process is already gone.
   */
  public static Optional<ParentWatchdog> startIfAsked() {
    String pid = System.getProperty(PARENT_PID_PROPERTY);
    if (pid == null || pid.isBlank()) {
      return Optional.empty();
    }
    long parentPid = Long.parseLong(pid.trim());
    Runnable exit = () -> exitJvm(parentPid);
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
    if (parent.isEmpty()) {
      exit.run();
    }
    return Optional.of(new ParentWatchdog(parent.orElseThrow(), POLL_INTERVAL, exit));
  }

  private void watch(ProcessHandle parent, Duration interval, Runnable onParentGone) {
    try {
      // isAlive() compares the start time too, so a recycled PID does not count as the parent.
      while (parent.isAlive() && !closed) {
        Thread.sleep(interval.toMillis());
      }
      if (!closed) {
        onParentGone.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed: stop watching
    }
  }

  private static void exitJvm(long parentPid) {
    System.err.println("parent process " + parentPid + " is gone; stopping");
    Thread halt =
        new Thread(
            () -> {
              try {
                Thread.sleep(EXIT_GRACE.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(EXIT_STATUS);
            },
            "parent-watchdog-halt");
    halt.setDaemon(true);
    halt.start();
    System.exit(EXIT_STATUS);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
