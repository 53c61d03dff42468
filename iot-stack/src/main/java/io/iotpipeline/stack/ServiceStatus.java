package io.iotpipeline.stack;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@code iot stack status} shows of one service.
 *
 * @param engine {@code kafka}, {@code cassandra}, {@code spark-master} or {@code spark-worker}
 * @param address the address the node listens on
 * @param paused stopped by SIGSTOP ({@code iot stack pause})
 * @param residentBytes resident memory, or -1 when unknown
 * @param dataBytes size of the service's data directory
 */
public record ServiceStatus(
    String name,
    String engine,
    String address,
    boolean running,
    boolean paused,
    boolean accepting,
    int port,
    OptionalLong pid,
    Duration uptime,
    long residentBytes,
    long dataBytes) {

  /**
   * Up means the process runs, is not paused, and its client port accepts connections (a paused
   * process's port still accepts them: the kernel queues them for it).
   */
  public boolean up() {
    return running && !paused && accepting;
  }

  /** {@code up}, {@code paused}, {@code start} (running, not answering yet) or {@code down}. */
  public String state() {
    return up() ? "up" : paused ? "paused" : running ? "start" : "down";
  }
}
