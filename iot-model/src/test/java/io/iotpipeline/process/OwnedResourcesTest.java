package io.iotpipeline.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedResourcesTest {

  private final List<String> closed = new ArrayList<>();

  private AutoCloseable resource(String name) {
    return () -> closed.add(name);
  }

  private AutoCloseable failing(String name) {
    return () -> {
      closed.add(name);
      throw new IOException(name + " would not close");
    };
  }

  @Test
  void closesNewestFirstAndOnlyOnce() {
    OwnedResources owned = new OwnedResources();
    owned.add(resource("session"));
    owned.add(resource("consumer"));
    owned.add(resource("server"));

    owned.close();
    owned.close();

    assertThat(closed).containsExactly("server", "consumer", "session");
  }

  @Test
  void aFailingCloseDoesNotKeepTheOthersOpen() {
    OwnedResources owned = new OwnedResources();
    owned.add(resource("session"));
    owned.add(failing("consumer"));
    owned.add(failing("server"));

    assertThatThrownBy(owned::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("server would not close")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(closed).containsExactly("server", "consumer", "session");
  }

  @Test
  void aFactoryThatFailsClosesWhatItOpenedAndRethrowsItsOwnError() {
    OwnedResources owned = new OwnedResources();
    owned.add(resource("session"));
    owned.add(failing("producer"));
    RuntimeException bindFailure = new RuntimeException("port in use");

    RuntimeException thrown = owned.closeAfter(bindFailure);

    assertThat(thrown).isSameAs(bindFailure);
    assertThat(thrown.getSuppressed()).hasSize(1);
    assertThat(thrown.getSuppressed()[0]).hasMessageContaining("producer would not close");
    assertThat(closed).containsExactly("producer", "session");
  }

  @Test
  void aResourceAddedAfterCloseIsClosedAndRefused() {
    OwnedResources owned = new OwnedResources();
    owned.close();

    assertThatThrownBy(() -> owned.add(resource("late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("already closed");
    assertThat(closed).containsExactly("late");
  }
}
