package io.iotpipeline.cli;

/** A failure whose message alone tells the user what is wrong; printed without a stack trace. */
public class UserFacingException extends RuntimeException {
  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
