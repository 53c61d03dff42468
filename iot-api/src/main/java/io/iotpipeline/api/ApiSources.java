package io.iotpipeline.api;

import io.iotpipeline.api.live.LiveFeed;
import io.iotpipeline.api.pipeline.PipelineStats;
import io.iotpipeline.api.query.AlertReads;
import io.iotpipeline.api.query.FleetCache;
import io.iotpipeline.api.query.SensorReads;
import io.iotpipeline.api.query.SeriesPlanner;
import io.iotpipeline.api.query.SeriesReads;
import io.iotpipeline.api.query.SettledRollups;
import java.util.Objects;

/**
 * What the endpoints answer from, built once by {@link ApiServer#create}: named components instead
 * of a long positional constructor on the routes. The server, not the routes, owns and closes them.
 */
record ApiSources(
    SensorReads sensors,
    FleetCache fleet,
    SeriesReads series,
    SettledRollups settledRollups,
    AlertReads alerts,
    SeriesPlanner planner,
    PipelineStats stats,
    LiveFeed liveFeed,
    HealthCheck health) {

  ApiSources {
    Objects.requireNonNull(sensors, "sensors");
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(settledRollups, "settledRollups");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(planner, "planner");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(liveFeed, "liveFeed");
    Objects.requireNonNull(health, "health");
  }
}
