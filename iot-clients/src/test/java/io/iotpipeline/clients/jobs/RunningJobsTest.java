package io.iotpipeline.clients.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningJobsTest {

  @TempDir Path dataDir;

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void aRegisteredJobIsListedWithItsLatestSummaryUntilClosed() {
    RunningJobs jobs = new RunningJobs(dataDir, clock);

    try (RunningJobs.Registration registration = jobs.register("ingest")) {
      registration.update("12000 records/s");

      assertThat(jobs.list())
          .singleElement()
          .satisfies(
              job -> {
                assertThat(job.name()).isEqualTo("ingest");
                assertThat(job.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(job.summary()).isEqualTo("12000 records/s");
                assertThat(job.started()).isEqualTo(clock.instant());
              });
    }

    assertThat(jobs.list()).isEmpty();
  }

  @Test
  void entriesOfDeadProcessesAreIgnoredAndRemoved() throws IOException, InterruptedException {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Path directory = dataDir.resolve("run/jobs");
    Files.createDirectories(directory);
    Path stale = directory.resolve("simulate-" + finished.pid() + ".job");
    Files.writeString(
        stale,
        "name=simulate\npid="
            + finished.pid()
            + "\nstarted=2026-11-28T09:00:00Z\nupdated=2026-11-28T09:00:00Z\nsummary=x\n");

    assertThat(new RunningJobs(dataDir, clock).list()).isEmpty();
    assertThat(stale).doesNotExist();
  }

  @Test
  void closingTwiceIsHarmlessAndUpdatesAfterCloseAreIgnored() {
    RunningJobs jobs = new RunningJobs(dataDir, clock);
    RunningJobs.Registration registration = jobs.register("serve");

    registration.close();
    registration.close();
    registration.update("late");

    assertThat(jobs.list()).isEmpty();
  }
}
