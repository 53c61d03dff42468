package io.iotpipeline.ingest;

/**
 * A failure retrying cannot fix (bad configuration, missing table, no permission): the ingester
 * stops, without committing, and the message says what to fix.
 */
public class FatalIngestException extends RuntimeException {
  public FatalIngestException(String message) {
    super(message);
  }

  public FatalIngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
