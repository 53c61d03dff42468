package io.iotpipeline.stack;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One node of an engine of the local stack: how to configure it, launch it and know it is ready.
 */
interface LocalService {

  /** The node's name: the engine's alone ({@code kafka}), else numbered ({@code kafka-2}). */
  String name();

  /** The engine: {@code kafka}, {@code cassandra}, {@code spark-master}, {@code spark-worker}. */
  default String engine() {
    return name();
  }

  /** The address it listens on. */
  default String address() {
    return "127.0.0.1";
  }

  /** The port clients use (shown in status). */
  int clientPort();

  /** Every address and port the service binds; all must be free before it starts. */
  List<InetSocketAddress> ports();

  /** Where it keeps its data (and, below, its config and logs). */
  Path home();

  /** Writes config files and does one-off setup such as formatting storage. Idempotent. */
  void prepare();

  /** Environment variables the service JVM needs beyond this process's own. */
  default java.util.Map<String, String> environment() {
    return java.util.Map.of();
  }

  /** The full command line of the service JVM. */
  List<String> command();

  /**
   * Returns once clients can use the service, or throws when the deadline passes or the process
   * dies meanwhile.
   */
  void awaitReady(ProcessHandle process, Instant deadline);
}
