package io.iotpipeline.chaos;

import io.iotpipeline.stack.child.CliChild;
import java.util.ArrayList;
import java.util.List;

/**
 * A part of the pipeline a chaos run keeps running as a child process, one incarnation at a time;
 * each incarnation has a log of its own, numbered from 1.
 */
abstract class Supervisor implements AutoCloseable {

  private final List<CliChild> incarnations = new ArrayList<>();

  /** How the reports name it, e.g. "the ingester". */
  abstract String name();

  /** Starts incarnation {@code number}. */
  abstract CliChild launch(int number) throws Exception;

  /** Starts a new incarnation. */
  final synchronized CliChild start() throws Exception {
    CliChild child = launch(incarnations.size() + 1);
    incarnations.add(child);
    return child;
  }

  /** The newest incarnation. */
  final synchronized CliChild current() {
    return incarnations.get(incarnations.size() - 1);
  }

  final synchronized List<CliChild> incarnations() {
    return List.copyOf(incarnations);
  }

  /** SIGKILLs the running incarnation and starts the next; returns the killed PID. */
  final synchronized long killAndRestart() throws Exception {
    CliChild victim = current();
    victim.checkAlive();
    long pid = victim.pid();
    victim.kill();
    start();
    return pid;
  }

  /** SIGTERM to the running incarnation: it stops cleanly. */
  @Override
  public final synchronized void close() {
    if (!incarnations.isEmpty()) {
      current().close();
    }
  }
}
