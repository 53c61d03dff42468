package io.iotpipeline.chaos;

import io.iotpipeline.process.StopSignal;
import io.iotpipeline.stack.ClusterView;
import io.iotpipeline.stack.LocalStack;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Injects one fault at a time into the real processes: SIGKILL and restart, SIGSTOP and SIGCONT,
 * hostile messages. On a cluster ({@code stack.nodes} > 1) a node fault hits one node: the broker
 * leading the most partitions of the workload's topic, the Cassandra nodes in turn. A service it
 * paused is resumed if this JVM exits mid-pause (Ctrl-C), so a chaos run never leaves a node
 * frozen.
 */
final class FaultInjector implements AutoCloseable {

  /** What one fault did: when it began and ended (System.nanoTime) and what was done. */
  record Injected(Fault fault, long startedNanos, long endedNanos, String detail) {}

  private static final String CASSANDRA = "cassandra";
  private static final String KAFKA = "kafka";

  private final LocalStack stack;
  private final IngesterSupervisor ingester;
  private final StreamSupervisor stream;
  private final FuzzProducer fuzz;
  private final Duration pause;
  private final int fuzzMessages;
  private final String topic;
  private int cassandraFaults;
  private final Set<String> paused = new HashSet<>();
  private final StopSignal resumeOnStop =
      StopSignal.install("chaos-resume-paused", this::resumeAll);

  FaultInjector(
      LocalStack stack,
      IngesterSupervisor ingester,
      StreamSupervisor stream,
      FuzzProducer fuzz,
      String topic,
      Duration pause,
      int fuzzMessages) {
    this.stack = stack;
    this.topic = topic;
    this.ingester = ingester;
    this.stream = stream;
    this.fuzz = fuzz;
    this.pause = pause;
    this.fuzzMessages = fuzzMessages;
  }

  Injected inject(Fault fault) throws Exception {
    long started = System.nanoTime();
    String detail =
        switch (fault) {
          case KILL_INGESTER ->
              "SIGKILL PID "
                  + ingester.killAndRestart()
                  + ", new ingester PID "
                  + ingester.current().pid();
          case KILL_CASSANDRA -> killAndRestart(cassandraNode());
          case PAUSE_CASSANDRA -> pauseAndResume(cassandraNode());
          case KILL_KAFKA -> killAndRestart(ClusterView.busiestBroker(stack.settings(), topic));
          case PAUSE_KAFKA -> pauseAndResume(ClusterView.busiestBroker(stack.settings(), topic));
          case KILL_STREAM -> {
            if (stream == null) {
              throw new IllegalStateException("kill-stream without a streaming job");
            }
            yield "SIGKILL PID " + stream.killAndRestart() + ", restarted from its checkpoint";
          }
          case FUZZ -> {
            long before = fuzz.sent();
            fuzz.send(fuzzMessages);
            yield String.format(Locale.ROOT, "%,d hostile messages sent", fuzz.sent() - before);
          }
        };
    return new Injected(fault, started, System.nanoTime(), detail);
  }

  /** On a one-node stack its node; on a cluster each fault the next node, round the ring. */
  private String cassandraNode() {
    int nodes = stack.settings().nodes();
    return nodes == 1 ? CASSANDRA : CASSANDRA + "-" + (1 + cassandraFaults++ % nodes);
  }

  private String killAndRestart(String service) {
    long pid = stack.kill(service);
    long began = System.nanoTime();
    List<LocalStack.Started> started = stack.up(List.of(service));
    return String.format(
        Locale.ROOT,
        "%s: SIGKILL PID %d, restarted as PID %d in %.1f s",
        service,
        pid,
        started.get(0).pid(),
        (System.nanoTime() - began) / 1e9);
  }

  private String pauseAndResume(String service) throws InterruptedException {
    long pid;
    synchronized (paused) {
      pid = stack.pause(service);
      paused.add(service);
    }
    try {
      Thread.sleep(pause.toMillis());
    } finally {
      synchronized (paused) {
        stack.resume(service);
        paused.remove(service);
      }
    }
    return String.format(
        Locale.ROOT, "%s: SIGSTOP PID %d for %d s, then SIGCONT", service, pid, pause.toSeconds());
  }

  /** Resumes whatever is still paused. */
  @Override
  public void close() {
    resumeAll();
    resumeOnStop.close();
  }

  private void resumeAll() {
    synchronized (paused) {
      for (String service : paused) {
        stack.resume(service);
      }
    }
  }
}
