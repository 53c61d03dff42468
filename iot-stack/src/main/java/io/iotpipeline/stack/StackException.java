package io.iotpipeline.stack;

/** The stack could not do what was asked; the message is meant for the user as it stands. */
public class StackException extends RuntimeException {
  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
