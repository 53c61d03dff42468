package io.iotpipeline.bench.simulator;

import io.iotpipeline.bench.BenchSettings;
import io.iotpipeline.bench.ScratchTopics;
import io.iotpipeline.bench.Section;
import io.iotpipeline.bench.load.FleetLoad;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The simulator's maximum rate into the local broker: unpaced, clean data, 1000 sensors. */
public final class SimulatorSection implements Section {
  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public Map<String, Object> run(Settings settings, boolean quick) {
    KafkaSettings topic = ScratchTopics.create(settings, "simulator");
    long count = quick ? 1_000_000 : 3_000_000;
    try {
      long began = System.nanoTime();
      FleetLoad.produce(topic, BenchSettings.SENSORS, count, 0, Instant.now());
      double seconds = (System.nanoTime() - began) / 1e9;
      double rate = count / seconds;
      System.out.printf(
          Locale.ROOT, "  %,d readings acked in %.1f s: %,.0f readings/s%n", count, seconds, rate);
      return figures(rate);
    } finally {
      ScratchTopics.delete(topic);
    }
  }

  static Map<String, Object> figures(double readingsPerSecond) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("simulator_max_events_per_s", Math.round(readingsPerSecond));
    return figures;
  }
}
