package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.simulator.SimulationStats;
import io.iotpipeline.testkit.CapturedOutput;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The lines {@code iot simulate} prints while and after it runs. */
class SimulateProgressTest {

  @RegisterExtension final CapturedOutput out = new CapturedOutput();

  private String printed() {
    return out.text();
  }

  @Test
  void theSummaryCountsEveryCounterWithThousandsSeparators() {
    SimulationStats.Snapshot summary =
        new SimulationStats.Snapshot(12_000, 12_034, 12, 22, 7, 3, 6, 12_030, 4, 0);

    SimulateProgress.printSummary(summary, System.nanoTime());

    assertThat(printed())
        .startsWith("Done in ")
        .contains(
            ": 12,000 readings, 12,034 messages "
                + "sent, 12,030 acked, 4 errors; injected 12 duplicates, 22 late, 3 fault episodes "
                + "(7 silent slots, 6 labels); mean ")
        .endsWith(" messages/s" + System.lineSeparator());
  }

  @Test
  void aLineEverySecondUntilClosedAndTheJobSummaryFollows(@TempDir Path dataDir) {
    SimulationStats stats = new SimulationStats();
    stats.recordAck();
    stats.recordAck();
    RunningJobs jobs = new RunningJobs(dataDir, Clock.systemUTC());
    try (RunningJobs.Registration job = jobs.register("simulate");
        SimulateProgress progress =
            SimulateProgress.create(stats, System.nanoTime(), job).start()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> printed().contains("acked"));
      assertThat(printed())
          .contains("sent ")
          .contains("acked            2")
          .contains("errors 0")
          .contains("event time -");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(jobs.list())
                      .singleElement()
                      .satisfies(
                          entry -> assertThat(entry.summary()).startsWith("2 readings acked, ")));
    }
    String afterClose = printed();
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> printed().equals(afterClose));
  }
}
