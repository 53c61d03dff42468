package io.iotpipeline.stack;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The two ways the project ends a process it started: a crash (SIGKILL) and a clean stop. */
public final class ProcessSignals {

  /** The kernel frees a SIGKILLed process at once; a busy box may take a while to reap it. */
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

  private ProcessSignals() {}

  /**
   * SIGKILL, as a crash: no shutdown hook, no flush. Returns once the process is gone.
   *
   * @throws StackException if it is still there after 30 s
   */
  public static void kill(ProcessHandle process, String name) {
    process.destroyForcibly();
    if (!awaitExit(process, KILL_TIMEOUT)) {
      throw new StackException(
          name
              + " (PID "
              + process.pid()
              + ") did not die within "
              + KILL_TIMEOUT.toSeconds()
              + " s of SIGKILL");
    }
  }

  /**
   * SIGTERM, so the process stops cleanly; SIGKILL if it has not exited after {@code grace} (or if
   * this thread is interrupted meanwhile).
   *
   * @return true when it stopped on the SIGTERM
   */
  public static boolean terminate(ProcessHandle process, Duration grace) {
    process.destroy();
    if (awaitExit(process, grace)) {
      return true;
    }
    process.destroyForcibly();
    awaitExit(process, KILL_TIMEOUT);
    return false;
  }

  /** False on timeout; an interrupt is kept for the caller and counts as a timeout. */
  private static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for PID " + process.pid(), e);
    }
  }
}
