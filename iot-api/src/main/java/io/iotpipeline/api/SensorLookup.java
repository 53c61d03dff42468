package io.iotpipeline.api;

import io.iotpipeline.api.query.FleetCache;
import io.iotpipeline.api.query.Records.LatestReading;
import io.iotpipeline.api.query.SensorReads;
import java.util.Optional;

/**
 * Whether a sensor exists, asking the fleet snapshot first: it knows almost every sensor, so most
 * requests need no Cassandra read to find theirs. An unknown sensor is a 404.
 */
final class SensorLookup {

  private final SensorReads sensors;
  private final FleetCache fleet;

  SensorLookup(SensorReads sensors, FleetCache fleet) {
    this.sensors = sensors;
    this.fleet = fleet;
  }

  /** Throws 404 unless the sensor has a latest reading or a description. */
  void requireKnown(int id) {
    if (fleet.get().find(id).isEmpty() && !sensors.exists(id)) {
      throw unknown(id);
    }
  }

  /**
   * The sensor's latest reading; empty for a described sensor that never reported. Throws 404 for a
   * sensor that is neither.
   */
  Optional<LatestReading> latestOfKnown(int id) {
    Optional<LatestReading> latest = fleet.get().find(id).or(() -> sensors.latest(id));
    if (latest.isEmpty() && !sensors.exists(id)) {
      throw unknown(id);
    }
    return latest;
  }

  static ApiException unknown(int id) {
    return ApiException.notFound("unknown sensor " + id);
  }
}
