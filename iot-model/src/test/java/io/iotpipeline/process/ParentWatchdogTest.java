package io.iotpipeline.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchdogTest {

  @Test
  void noticesAParentKilledWithSigkill() throws Exception {
    Process parent = new ProcessBuilder("sleep", "60").start();
    CountDownLatch gone = new CountDownLatch(1);
    try (ParentWatchdog watchdog =
        new ParentWatchdog(parent.toHandle(), Duration.ofMillis(50), gone::countDown)) {
      assertThat(gone.await(300, TimeUnit.MILLISECONDS)).as("parent still alive").isFalse();

      parent.destroyForcibly();

      assertThat(gone.await(5, TimeUnit.SECONDS)).as("parent gone").isTrue();
    }
  }

  @Test
  void closingStopsTheWatch() throws Exception {
    Process parent = new ProcessBuilder("sleep", "60").start();
    CountDownLatch gone = new CountDownLatch(1);
    ParentWatchdog watchdog =
        new ParentWatchdog(parent.toHandle(), Duration.ofMillis(50), gone::countDown);

    watchdog.close();
    parent.destroyForcibly().waitFor();

    assertThat(gone.await(500, TimeUnit.MILLISECONDS)).isFalse();
  }

  @Test
  void theJvmOptionNamesTheParent() {
    assertThat(ParentWatchdog.jvmOption(4242)).isEqualTo("-Diot.parent-pid=4242");
  }
}
