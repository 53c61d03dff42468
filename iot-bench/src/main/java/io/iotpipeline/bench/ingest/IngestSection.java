package io.iotpipeline.bench.ingest;

import io.iotpipeline.bench.Section;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.ingest.IngestOptions;
import java.time.Clock;
import java.util.Map;

/**
 * Ingest: raw ceiling, sustained end to end, latency at a fixed rate (see {@link IngestBenchmark}).
 */
public final class IngestSection implements Section {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
    IngestBenchmark benchmark =
        new IngestBenchmark(
            KafkaSettings.from(settings),
            CassandraSettings.from(settings),
            IngestOptions.from(settings),
            quick ? IngestBenchmark.Plan.quick() : IngestBenchmark.Plan.full(),
            Clock.systemUTC(),
            System.out::println);
    return benchmark.run();
  }

  /**
   * The sustained simulator -> Kafka -> ingest -> Cassandra rate on the stack of {@code settings}
   * ({@code e2e_rows_per_s} of a run of this section): what the cluster and secure sections compare
   * their second stack with the bench's by.
   */
  public static double sustainedRowsPerSecond(Settings settings, boolean quick) throws Exception {
    Map<String, Object> ingest = new IngestSection().run(settings, quick);
    return ((Number) ingest.get("e2e_rows_per_s")).doubleValue();
  }
}
