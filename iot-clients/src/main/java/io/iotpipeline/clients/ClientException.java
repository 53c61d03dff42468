package io.iotpipeline.clients;

/**
 * A client of Kafka or Cassandra could not do what was asked (connect, create topics, migrate the
 * schema, read the job registry); the message is meant for the user as it stands.
 */
public class ClientException extends RuntimeException {
  public ClientException(String message) {
    super(message);
  }

  public ClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
