package io.iotpipeline.analytics;

import io.iotpipeline.config.ConfigException;
import io.iotpipeline.config.Settings;
import java.time.Duration;

/**
 * When the streaming job rolls up hours and days on its own ({@link ContinuousRollups}).
 *
 * @param every how often it looks for hours to roll up; zero turns continuous rollups off
 * @param delay how long after an hour ends it is rolled up: the ingester must have stored the
 *     hour's readings by then (readings that come later re-roll the hour)
 */
public record RollupSchedule(Duration every, Duration delay) {

  public static final RollupSchedule OFF = new RollupSchedule(Duration.ZERO, Duration.ZERO);

  public RollupSchedule {
    if (every.isNegative() || delay.isNegative()) {
      throw new ConfigException(
          "analytics.rollup-every and analytics.rollup-delay must not be negative");
    }
  }

  public static RollupSchedule from(Settings settings) {
    return new RollupSchedule(
        settings.getDuration("analytics.rollup-every"),
        settings.getDuration("analytics.rollup-delay"));
  }

  public boolean enabled() {
    return !every.isZero();
  }
}
