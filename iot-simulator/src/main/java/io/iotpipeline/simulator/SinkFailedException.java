package io.iotpipeline.simulator;

/** Messages could not be delivered (broker down, unreachable or refusing): the run must stop. */
public class SinkFailedException extends RuntimeException {
  public SinkFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
