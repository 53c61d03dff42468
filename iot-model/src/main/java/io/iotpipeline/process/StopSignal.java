package io.iotpipeline.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one way a long-running command reacts to Ctrl-C (or SIGTERM): while this is open, a stop
 * request runs the registered stop actions, then holds the JVM's exit until the command has
 * finished its own shutdown and closed this (its summary printed, its producer flushed), for at
 * most a grace period. Closing without a stop request removes the hook.
 *
 * <pre>{@code
 * try (StopSignal ctrlC = StopSignal.install("ingest")) {
 *   ctrlC.onStop(ingester::stop);
 *   ... run until done or stopped, print the summary ...
 * }
 * }</pre>
 */
public final class StopSignal implements AutoCloseable {

  /** Long enough for a producer to drain or a Spark query to stop; the JVM exits anyway after. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  private final Thread hook;
  private final Duration grace;
  private final List<Runnable> actions = new ArrayList<>();
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private boolean signalled;

  private StopSignal(String name, Duration grace) {
    this.grace = grace;
    this.hook = new Thread(this::stopRequested, name + "-stop");
  }

  /** Watches for a stop request until closed. */
  public static StopSignal install(String name) {
    return install(name, DEFAULT_GRACE);
  }

  public static StopSignal install(String name, Duration grace) {
    StopSignal signal = new StopSignal(name, grace);
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** Like {@link #install(String)} with one stop action. */
  public static StopSignal install(String name, Runnable onStop) {
    StopSignal signal = install(name);
    signal.onStop(onStop);
    return signal;
  }

  /** Adds an action run on a stop request; runs it at once if the request came already. */
  public void onStop(Runnable action) {
    synchronized (actions) {
      if (!signalled) {
        actions.add(action);
        return;
      }
    }
    action.run();
  }

  /** Waits up to {@code timeout} for a stop request; true if one came. */
  public boolean await(Duration timeout) throws InterruptedException {
    return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for a stop request. */
  public void await() throws InterruptedException {
    requested.await();
  }

  private void stopRequested() {
    List<Runnable> toRun;
    synchronized (actions) {
      signalled = true;
      toRun = List.copyOf(actions);
    }
    requested.countDown();
    for (Runnable action : toRun) {
      try {
        action.run();
      } catch (RuntimeException e) {
        System.err.println("while stopping: " + e);
      }
    }
    try {
      finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command is done: a running stop request may let the JVM exit, else the hook goes. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs (or ran) and was waiting for the countdown above
    }
  }
}
