package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.lang.reflect.Proxy;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CassandraErrorsTest {

  @Test
  void retriesWhatPassesWhenTheNodeIsBack() {
    assertThat(CassandraErrors.isRetriable(new NoNodeAvailableException())).isTrue();
    assertThat(
            CassandraErrors.isRetriable(
                new CompletionException(new DriverTimeoutException("slow"))))
        .isTrue();
  }

  @Test
  void aConnectionClosedUnderARequestIsRetried() {
    // What the driver reported when a node came back while connections were still closing.
    AllNodesFailedException closing =
        AllNodesFailedException.fromErrors(
            List.of(Map.entry(node(), new ClosedChannelException())));
    AllNodesFailedException rejected =
        AllNodesFailedException.fromErrors(
            List.of(Map.entry(node(), new InvalidQueryException(null, "unconfigured table x"))));

    assertThat(CassandraErrors.isRetriable(new CompletionException(closing))).isTrue();
    assertThat(CassandraErrors.isRetriable(rejected)).isFalse();
  }

  /**
   * A node identity for the driver's error report (only toString, equals and hashCode are used).
   */
  private static Node node() {
    return (Node)
        Proxy.newProxyInstance(
            Node.class.getClassLoader(),
            new Class<?>[] {Node.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "toString" -> "Node(127.0.0.1:9042)";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void doesNotRetryWhatRetryingCannotFix() {
    assertThat(CassandraErrors.isRetriable(new InvalidQueryException(null, "unconfigured table x")))
        .isFalse();
    assertThat(CassandraErrors.isRetriable(new IllegalArgumentException("bad bind"))).isFalse();
  }
}
