package io.iotpipeline.cli;

import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import java.time.Clock;

/** Registers a long-running command so {@code ./iot status} lists it (see {@link RunningJobs}). */
final class Jobs {
  private Jobs() {}

  static RunningJobs.Registration register(Settings settings, String name) {
    return new RunningJobs(StackSettings.from(settings).dataDir(), Clock.systemUTC())
        .register(name);
  }
}
