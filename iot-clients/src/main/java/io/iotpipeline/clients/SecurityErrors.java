package io.iotpipeline.clients;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * What a refused connection or request means, in the settings' words: a Kafka or Cassandra error
 * caused by a login, a permission or TLS, found anywhere in an exception's causes, turned into one
 * sentence that names the settings to check. The CLI adds it to the error it prints.
 */
public final class SecurityErrors {
  private SecurityErrors() {}

  /** Whether a failed connection attempt failed because some node refused the login. */
  public static boolean refusedLogin(AllNodesFailedException failure) {
    return failure.getAllErrors().values().stream()
        .flatMap(List::stream)
        .anyMatch(AuthenticationException.class::isInstance);
  }

  /** The explanation, if {@code error} was caused by security. */
  public static Optional<String> explain(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      Optional<String> explained = explainOne(cause);
      if (explained.isPresent()) {
        return explained;
      }
      if (cause instanceof AllNodesFailedException all) {
        for (List<Throwable> errors : all.getAllErrors().values()) {
          for (Throwable nodeError : errors) {
            Optional<String> fromNode = explain(nodeError);
            if (fromNode.isPresent()) {
              return fromNode;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> explainOne(Throwable cause) {
    if (cause instanceof SaslAuthenticationException) {
      return Optional.of(
          "Kafka: authentication failed (check kafka.sasl.username and kafka.sasl.password)");
    }
    if (cause instanceof SslAuthenticationException) {
      return Optional.of(
          "Kafka: the TLS handshake failed (check kafka.security.protocol and"
              + " kafka.ssl.truststore.*)");
    }
    if (cause instanceof TopicAuthorizationException topics) {
      return Optional.of(
          "Kafka: not authorized for topic(s) "
              + String.join(", ", topics.unauthorizedTopics())
              + " (the ACLs of kafka.sasl.username do not allow it)");
    }
    if (cause instanceof AuthorizationException) {
      return Optional.of(
          "Kafka: not authorized: " + cause.getMessage() + " (the ACLs of kafka.sasl.username)");
    }
    if (cause instanceof AuthenticationException) {
      return Optional.of(
          "Cassandra: the login was refused (check cassandra.username and cassandra.password)");
    }
    if (cause instanceof UnauthorizedException) {
      return Optional.of(
          "Cassandra: not permitted: "
              + cause.getMessage()
              + " (the grants of cassandra.username)");
    }
    if (cause instanceof SSLException) {
      return Optional.of(
          "TLS failed: "
              + cause.getMessage()
              + " (check cassandra.ssl and cassandra.ssl.truststore.*, or kafka.ssl.truststore.*)");
    }
    return Optional.empty();
  }
}
