package io.iotpipeline.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void parsesTheIssuesNames() {
    assertThat(Fault.parseList("kill-ingester, FUZZ,kill-ingester,pause-kafka"))
        .containsExactly(Fault.KILL_INGESTER, Fault.FUZZ, Fault.PAUSE_KAFKA);
    assertThat(Fault.applicable(false)).doesNotContain(Fault.KILL_STREAM).hasSize(6);
    assertThat(Fault.applicable(true)).contains(Fault.KILL_STREAM).hasSize(7);
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Fault.parseList("kill-everything"))
        .hasMessageContaining("unknown fault 'kill-everything'")
        .hasMessageContaining("pause-cassandra");
  }

  @Test
  void theScheduleHoldsEveryFaultOnceInASeededOrder() {
    assertThat(ChaosRun.schedule(Fault.applicable(true), 5))
        .containsExactlyInAnyOrderElementsOf(Fault.applicable(true))
        .isEqualTo(ChaosRun.schedule(Fault.applicable(true), 5));
  }

  @Test
  void killStreamNeedsTheStream() {
    assertThatThrownBy(
            () ->
                new ChaosOptions(
                    10,
                    10,
                    1,
                    Fault.parseList("kill-stream"),
                    Duration.ofSeconds(25),
                    Duration.ofSeconds(20),
                    1,
                    false,
                    1,
                    Duration.ofMinutes(5)))
        .hasMessageContaining("--with-stream");
  }
}
