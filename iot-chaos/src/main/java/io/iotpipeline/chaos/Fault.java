package io.iotpipeline.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The kinds of fault a chaos run injects; {@link #flag()} is how a user names each. */
public enum Fault {
  KILL_INGESTER("kill-ingester", "SIGKILL the ingester, start a new one"),
  KILL_CASSANDRA("kill-cassandra", "SIGKILL the Cassandra node, restart it with its data"),
  PAUSE_CASSANDRA("pause-cassandra", "SIGSTOP the Cassandra node, SIGCONT after the pause"),
  KILL_KAFKA("kill-kafka", "SIGKILL the Kafka broker, restart it with its data"),
  PAUSE_KAFKA("pause-kafka", "SIGSTOP the Kafka broker, SIGCONT after the pause"),
  KILL_STREAM("kill-stream", "SIGKILL the Spark streaming job, restart it from its checkpoint"),
  FUZZ("fuzz", "send hostile messages into the readings topic");

  private final String flag;
  private final String description;

  Fault(String flag, String description) {
    this.flag = flag;
    this.description = description;
  }

  public String flag() {
    return flag;
  }

  public String description() {
    return description;
  }

  /** Only a run with the streaming job has a streaming job to kill. */
  public boolean needsStream() {
    return this == KILL_STREAM;
  }

  /** Every kind that applies to a run with or without the streaming job. */
  public static List<Fault> applicable(boolean withStream) {
    return Arrays.stream(values()).filter(fault -> withStream || !fault.needsStream()).toList();
  }

  /** Parses {@code kill-ingester,fuzz,...}; an unknown name fails with the list of known ones. */
  public static List<Fault> parseList(String commaSeparated) {
    List<Fault> faults = new ArrayList<>();
    for (String name : commaSeparated.split(",")) {
      String trimmed = name.strip().toLowerCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        continue;
      }
      Fault fault =
          Arrays.stream(values())
              .filter(f -> f.flag.equals(trimmed))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown fault '"
                              + trimmed
                              + "'; known: "
                              + String.join(
                                  ", ", Arrays.stream(values()).map(Fault::flag).toList())));
      if (!faults.contains(fault)) {
        faults.add(fault);
      }
    }
    if (faults.isEmpty()) {
      throw new IllegalArgumentException("--faults names no fault");
    }
    return List.copyOf(faults);
  }
}
