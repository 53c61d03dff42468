package io.iotpipeline.cli;

import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.ingest.IngestBenchmark;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.simulator.FleetSimulator;
import io.iotpipeline.simulator.KafkaReadingSink;
import io.iotpipeline.simulator.SimulationStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iot bench}: measures the pipeline on this machine, section by section, and ends with one
 * JSON line holding every figure. A section is a name plus a function from the settings to its
 * figures; add one to {@link #sections()}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure the pipeline on this machine and print one JSON line of figures.",
        "simulator: maximum rate into Kafka (1000 sensors). ingest: raw Cassandra ceiling of "
            + "partition batches, sustained simulator -> Kafka -> ingest -> Cassandra rate, and "
            + "produce -> row latency at 10k readings/s. analytics: Spark writes N readings through "
            + "the connector and rolls them up (cold and warm). stream: Spark Structured "
            + "Streaming on 20k readings/s while ingest runs (rows/s, trigger time, lag). api: "
            + "read latency while ingest runs at 10k/s. Uses scratch topics (deleted) and "
            + "bench_keyspace (1-day TTL)."})
public final class BenchCommand implements Callable<Integer> {

  /** One part of the benchmark. */
  interface Section {
    String name();

    Map<String, Object> run(Settings settings, boolean quick) throws Exception;
  }

  @Mixin
  GlobalOptions global;

  @Option(names = "--quick", description = "Shorter phases (about a minute in all) for a smoke test.")
  boolean quick;

  @Option(names = "--section", split = ",", paramLabel = "NAME",
      description = "Run only these sections (default: all): simulator, ingest, analytics, "
          + "stream, api.")
  List<String> only;

  @Option(names = "--rollup-rows", paramLabel = "N",
      description = "Readings the analytics section writes and rolls up (default 1000000, "
          + "200000 with --quick), e.g. 10000000.")
  Long rollupRows;

  List<Section> sections() {
    return List.of(new BenchSections.SimulatorSection(), new IngestSection(),
        new BenchSections.AnalyticsSection(rollupRows), new StreamBenchSection(),
        new ApiBenchSection());
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = global.load();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("memory_gib", memoryGib());
    figures.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    figures.put("quick", quick);
    for (Section section : sections()) {
      if (only != null && !only.contains(section.name())) {
        continue;
      }
      System.out.println("== " + section.name() + " ==");
      figures.putAll(section.run(settings, quick));
    }
    System.out.println(toJson(figures));
    return 0;
  }

  /** Physical memory from /proc/meminfo (Linux); 0 when unknown. */
  private static long memoryGib() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // not Linux: unknown
    }
    return 0;
  }

  static String toJson(Map<String, Object> figures) {
    StringBuilder json = new StringBuilder("{");
    figures.forEach((key, value) -> {
      if (json.length() > 1) {
        json.append(", ");
      }
      json.append('"').append(key).append("\": ");
      if (value instanceof Number || value instanceof Boolean) {
        json.append(value);
      } else {
        json.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\""))
            .append('"');
      }
    });
    return json.append('}').toString();
  }

  /** Ingest: raw ceiling, sustained end to end, latency at a fixed rate. */
  static final class IngestSection implements Section {
    @Override
    public String name() {
      return "ingest";
    }

    @Override
    public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
      IngestBenchmark benchmark = new IngestBenchmark(KafkaSettings.from(settings),
          CassandraSettings.from(settings), IngestOptions.from(settings),
          quick ? IngestBenchmark.Plan.quick() : IngestBenchmark.Plan.full(),
          IngestSection::simulate, Clock.systemUTC(), System.out::println);
      return benchmark.run();
    }

    /** The simulator as the load: clean data (no faults), so every reading becomes one row. */
    static void simulate(KafkaSettings kafka, int sensors, long count, double perSecond,
        Instant eventStart) {
      SimulationStats stats = new SimulationStats();
      try (KafkaReadingSink sink = new KafkaReadingSink(kafka, stats);
          FleetSimulator simulator = PacedFleet.cleanSimulator(sink, stats, sensors,
              Duration.ofSeconds(1), eventStart, count, perSecond)) {
        SimulationStats.Snapshot done = simulator.run();
        sink.flush();
        if (done.errors() > 0) {
          throw new UserFacingException(String.format(Locale.ROOT,
              "bench load: %,d readings failed to reach Kafka", done.errors()));
        }
      }
    }
  }
}
