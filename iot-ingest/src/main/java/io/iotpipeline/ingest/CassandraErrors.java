package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.UnsupportedProtocolVersionException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Sorts driver failures into "wait and retry" and "retrying cannot help". */
final class CassandraErrors {
  private CassandraErrors() {}

  /**
   * Timeouts, unavailable or overloaded nodes, lost connections, no node reachable: all pass when
   * the node comes back. Wrong schema, syntax, permissions and authentication do not. A connection
   * that closes under a request can surface as the channel's own I/O error (Netty's {@code
   * ClosedChannelException}) rather than as a driver exception: that passes too.
   */
  static boolean isRetriable(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof QueryValidationException
        || cause instanceof AuthenticationException
        || cause instanceof UnsupportedProtocolVersionException) {
      return false;
    }
    if (cause instanceof AllNodesFailedException allFailed) {
      // NoNodeAvailableException has no per-node errors; otherwise every node's error must pass.
      return allFailed.getAllErrors().values().stream()
          .flatMap(java.util.List::stream)
          .allMatch(CassandraErrors::isRetriable);
    }
    return cause instanceof DriverException || cause instanceof IOException;
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
