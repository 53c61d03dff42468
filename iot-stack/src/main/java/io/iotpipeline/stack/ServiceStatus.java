package io.iotpipeline.stack;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@code iot stack status} shows of one service.
 *
 * @param residentBytes resident memory, or -1 when unknown
 * @param dataBytes size of the service's data directory
 */
public record ServiceStatus(
    String name,
    boolean running,
    boolean accepting,
    int port,
    OptionalLong pid,
    Duration uptime,
    long residentBytes,
    long dataBytes) {

  /** Up means the process runs and its client port accepts connections. */
  public boolean up() {
    return running && accepting;
  }
}
