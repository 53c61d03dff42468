package io.iotpipeline.bench;

import io.iotpipeline.config.Settings;
import java.util.Map;

/**
 * Where the benchmarks write, defined once: every section's rows go to keyspaces of their own with
 * short-lived data, so a bench never touches the pipeline's {@code iot_keyspace}.
 */
public final class BenchSettings {
  private BenchSettings() {}

  /** The ingest, stream and API sections' keyspace; the ingest section's rows live one day. */
  public static final String KEYSPACE = "bench_keyspace";

  /** The analytics section's keyspace: it truncates the raw table before each run. */
  public static final String ANALYTICS_KEYSPACE = "bench_analytics";

  /** The fleet size of every section. */
  public static final int SENSORS = 1000;

  /** {@code settings} pointed at {@link #KEYSPACE}. */
  public static Settings inBenchKeyspace(Settings settings) {
    return settings.with(Map.of("cassandra.keyspace", KEYSPACE));
  }
}
