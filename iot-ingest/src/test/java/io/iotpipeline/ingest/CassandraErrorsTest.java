package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CassandraErrorsTest {

  @Test
  void retriesWhatPassesWhenTheNodeIsBack() {
    assertThat(CassandraErrors.isRetriable(new NoNodeAvailableException())).isTrue();
    assertThat(CassandraErrors.isRetriable(new CompletionException(new DriverTimeoutException("slow"))))
        .isTrue();
  }

  @Test
  void doesNotRetryWhatRetryingCannotFix() {
    assertThat(CassandraErrors.isRetriable(new InvalidQueryException(null, "unconfigured table x")))
        .isFalse();
    assertThat(CassandraErrors.isRetriable(new IllegalArgumentException("bad bind"))).isFalse();
  }
}
