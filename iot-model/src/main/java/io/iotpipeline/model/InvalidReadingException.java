package io.iotpipeline.model;

/** A message that is not a valid reading; the message says why, for the dead-letter record. */
public class InvalidReadingException extends IllegalArgumentException {
  public InvalidReadingException(String reason) {
    super(reason);
  }

  public InvalidReadingException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
