package io.iotpipeline.bench.gateway;

import io.iotpipeline.bench.BenchException;
import io.iotpipeline.bench.BenchSettings;
import io.iotpipeline.bench.ScratchTopics;
import io.iotpipeline.bench.Section;
import io.iotpipeline.bench.load.FleetLoad;
import io.iotpipeline.bench.load.PacedFleet;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.gateway.Gateway;
import io.iotpipeline.gateway.GatewayConfig;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.HttpReadingSink;
import io.iotpipeline.simulator.MqttReadingSink;
import io.iotpipeline.simulator.ReadingSink;
import io.iotpipeline.simulator.SimulationStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The gateway (on request only: {@code --section gateway}): readings per second into Kafka through
 * it, as a ratio to the direct Kafka producer measured in the same run, and the PUBACK latency at a
 * fixed rate. An open gateway runs in this JVM on free ports; the load is the simulator's own mqtt
 * transport (1,000 sensors, each its own MQTT 5 connection, QoS 1) and http transport (NDJSON
 * batches of 500). Everything shares the machine's cores with the broker, so on a 2-core box the
 * ratio also measures who gets the CPU.
 */
public final class GatewaySection implements Section {

  private static final int HTTP_BATCH = 500;
  private static final int HTTP_OPEN_BATCHES = 8;
  private static final int MQTT_IN_FLIGHT = 5_000;

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public boolean onRequestOnly() {
    return true;
  }

  @Override
  public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
    long count = quick ? 100_000 : 300_000;
    int latencyRate = 5_000;
    Duration latencyRun = quick ? Duration.ofSeconds(5) : Duration.ofSeconds(15);
    int sensors = BenchSettings.SENSORS;

    KafkaSettings direct = ScratchTopics.create(settings, "gateway-direct");
    double directRate;
    try {
      long began = System.nanoTime();
      FleetLoad.produce(direct, sensors, count, 0, Instant.now());
      directRate = count / ((System.nanoTime() - began) / 1e9);
      System.out.printf(Locale.ROOT, "  direct producer: %,.0f readings/s%n", directRate);
    } finally {
      ScratchTopics.delete(direct);
    }

    KafkaSettings topic = ScratchTopics.create(settings, "gateway");
    GatewayConfig config =
        new GatewayConfig(
            "127.0.0.1",
            0,
            0,
            true,
            20_000,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            topic,
            CassandraSettings.from(settings));
    double mqttRate;
    double httpRate;
    Histogram latency;
    try (Gateway gateway = Gateway.create(config, Clock.systemUTC()).start()) {
      Recorder recorder = new Recorder(3);
      SimulationStats mqttStats = new SimulationStats();
      try (MqttReadingSink mqtt =
          new MqttReadingSink(
              "127.0.0.1", gateway.mqttPort(), null, null, MQTT_IN_FLIGHT, mqttStats)) {
        Instant start = Instant.now();
        // One reading per sensor first: the 1,000 connections are opened outside the timing.
        run(mqtt, mqttStats, sensors, start, sensors, 0);
        mqttRate = run(mqtt, mqttStats, sensors, start.plusSeconds(1), count, 0);
        System.out.printf(
            Locale.ROOT,
            "  MQTT QoS 1, %,d connections: %,.0f readings/s%n",
            mqtt.connections(),
            mqttRate);
        mqtt.onAckLatency(nanos -> recorder.recordValue(Math.max(1, nanos / 1000)));
        long paced = (long) latencyRate * latencyRun.toSeconds();
        run(mqtt, mqttStats, sensors, start.plusSeconds(10_000), paced, latencyRate);
        latency = recorder.getIntervalHistogram();
        System.out.printf(
            Locale.ROOT,
            "  PUBACK latency at %,d readings/s: p50 %.2f ms, p99 %.2f ms%n",
            latencyRate,
            latency.getValueAtPercentile(50) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0);
      }
      SimulationStats httpStats = new SimulationStats();
      try (HttpReadingSink http =
          new HttpReadingSink(
              "http://127.0.0.1:" + gateway.httpPort(),
              null,
              HTTP_BATCH,
              HTTP_OPEN_BATCHES,
              httpStats)) {
        httpRate = run(http, httpStats, sensors, Instant.now().plusSeconds(20_000), count, 0);
        System.out.printf(
            Locale.ROOT, "  HTTP batches of %d: %,.0f readings/s%n", HTTP_BATCH, httpRate);
      }
    } finally {
      ScratchTopics.delete(topic);
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("gateway_direct_events_per_s", Math.round(directRate));
    figures.put("gateway_mqtt_events_per_s", Math.round(mqttRate));
    figures.put("gateway_mqtt_ratio", round2(mqttRate / directRate));
    figures.put("gateway_puback_rate_per_s", latencyRate);
    figures.put("gateway_puback_p50_ms", round2(latency.getValueAtPercentile(50) / 1000.0));
    figures.put("gateway_puback_p99_ms", round2(latency.getValueAtPercentile(99) / 1000.0));
    figures.put("gateway_http_events_per_s", Math.round(httpRate));
    figures.put("gateway_http_ratio", round2(httpRate / directRate));
    return figures;
  }

  /** Sends {@code count} clean readings through the sink; readings per second until all acked. */
  private static double run(
      ReadingSink sink,
      SimulationStats stats,
      int sensors,
      Instant eventStart,
      long count,
      double perSecond) {
    long errorsBefore = stats.snapshot().errors();
    long began = System.nanoTime();
    try (FleetSimulator fleet =
        PacedFleet.cleanSimulator(
            sink, stats, sensors, Duration.ofSeconds(1), eventStart, count, perSecond)) {
      fleet.run();
    }
    sink.flush();
    double seconds = (System.nanoTime() - began) / 1e9;
    if (stats.snapshot().errors() > errorsBefore) {
      throw new BenchException("gateway bench: readings were not acknowledged");
    }
    return count / seconds;
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
