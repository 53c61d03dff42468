package io.iotpipeline.bench;

/**
 * A benchmark that cannot go on, for a reason its message alone tells (a part died, a goal cannot
 * be measured, a bad option); the CLI prints it without a stack trace.
 */
public class BenchException extends RuntimeException {
  public BenchException(String message) {
    super(message);
  }
}
