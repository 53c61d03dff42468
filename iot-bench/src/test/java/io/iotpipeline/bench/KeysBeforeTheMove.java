package io.iotpipeline.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON keys of {@code ./iot bench} before the benchmarks moved into iot-bench (commit e17305a),
 * section by section in the order they were emitted. Collected from the {@code put} calls of
 * iot-cli BenchCommand, BenchSections, StreamBenchSection and ApiBenchSection, iot-ingest
 * IngestBenchmark and the {@code BENCH {...}} line of iot-analytics BatchBenchmark; the same keys,
 * in the same order, as the run 2 line quoted in BENCHMARKS.md.
 */
public final class KeysBeforeTheMove {
  private KeysBeforeTheMove() {}

  public static final List<String> MACHINE = List.of("cores", "memory_gib", "java", "quick");

  public static final List<String> SIMULATOR = List.of("simulator_max_events_per_s");

  public static final List<String> INGEST =
      List.of(
          "raw_ceiling_rows_per_s",
          "raw_rows_per_request",
          "e2e_rows_per_s",
          "e2e_rows",
          "e2e_seconds",
          "e2e_rows_per_s_incl_rampup",
          "e2e_rows_per_request",
          "e2e_ratio",
          "e2e_latency_p50_ms",
          "e2e_latency_p99_ms",
          "e2e_latency_max_ms",
          "latency_rate_per_s",
          "batch_rows",
          "in_flight",
          "max_poll_records",
          "sensors");

  public static final List<String> ANALYTICS =
      List.of(
          "rollup_rows",
          "rollup_write_s",
          "rollup_cold_s",
          "rollup_warm_s",
          "rollup_warm_rows_per_s");

  /** With a measurement of at least two windows; a shorter one leaves out the last key. */
  public static final List<String> STREAM =
      List.of(
          "stream_input_per_s",
          "stream_rows_per_s",
          "stream_trigger_p50_ms",
          "stream_trigger_p99_ms",
          "stream_lag_max_s",
          "stream_lag_p50_s",
          "stream_lag_end_s",
          "stream_alerts_rows_per_s",
          "stream_alerts_trigger_p50_ms",
          "stream_alerts_trigger_p99_ms",
          "stream_alerts_lag_max_s",
          "stream_alerts_lag_p50_s",
          "stream_alerts_lag_end_s",
          "stream_ingest_rows_per_s",
          "stream_cold_start_s",
          "stream_measured_s",
          "stream_goal_met");

  public static final List<String> API =
      List.of(
          "api_fleet_latest_p50_ms",
          "api_fleet_latest_p99_ms",
          "api_sensor_day_p50_ms",
          "api_sensor_day_p99_ms",
          "api_sensor_raw_p50_ms",
          "api_sensor_raw_p99_ms",
          "api_live_stream_readings");

  /** BENCHMARKS.md, "Run 2's JSON line" (commit fbe23ec): a full run as it was printed. */
  public static final String RUN_2_LINE =
      "{\"cores\": 2, \"memory_gib\": 24, \"java\": \"OpenJDK"
          + " 64-Bit Server VM 17.0.15\", \"quick\": false, \"simulator_max_events_per_s\": 758377,"
          + " \"raw_ceiling_rows_per_s\": 175810, \"raw_rows_per_request\": 100.0, \"e2e_rows_per_s\":"
          + " 140304, \"e2e_rows\": 3000000, \"e2e_seconds\": 23.06, \"e2e_rows_per_s_incl_rampup\":"
          + " 130099, \"e2e_rows_per_request\": 51.92, \"e2e_ratio\": 0.8, \"e2e_latency_p50_ms\":"
          + " 29.06, \"e2e_latency_p99_ms\": 59.14, \"e2e_latency_max_ms\": 128.51,"
          + " \"latency_rate_per_s\": 9991, \"batch_rows\": 100, \"in_flight\": 32,"
          + " \"max_poll_records\": 10000, \"sensors\": 1000, \"rollup_rows\": 1000000,"
          + " \"rollup_write_s\": 12.78, \"rollup_cold_s\": 11.85, \"rollup_warm_s\": 7.02,"
          + " \"rollup_warm_rows_per_s\": 142450, \"stream_input_per_s\": 19997, \"stream_rows_per_s\":"
          + " 19612, \"stream_trigger_p50_ms\": 3505, \"stream_trigger_p99_ms\": 8042,"
          + " \"stream_lag_max_s\": 16.0, \"stream_lag_p50_s\": 8.4, \"stream_lag_end_s\": 3.9,"
          + " \"stream_alerts_rows_per_s\": 19112, \"stream_alerts_trigger_p50_ms\": 10086,"
          + " \"stream_alerts_trigger_p99_ms\": 19573, \"stream_alerts_lag_max_s\": 38.2,"
          + " \"stream_alerts_lag_p50_s\": 19.5, \"stream_alerts_lag_end_s\": 14.6,"
          + " \"stream_ingest_rows_per_s\": 19994, \"stream_cold_start_s\": 18.0,"
          + " \"stream_measured_s\": 180.3, \"stream_goal_met\": true, \"api_fleet_latest_p50_ms\": 0.5,"
          + " \"api_fleet_latest_p99_ms\": 12.0, \"api_sensor_day_p50_ms\": 2.0,"
          + " \"api_sensor_day_p99_ms\": 15.8, \"api_sensor_raw_p50_ms\": 9.8,"
          + " \"api_sensor_raw_p99_ms\": 60.3, \"api_live_stream_readings\": 540121}";

  /** Every key of a full run, in order. */
  public static List<String> all() {
    List<String> keys = new ArrayList<>(MACHINE);
    for (List<String> section : List.of(SIMULATOR, INGEST, ANALYTICS, STREAM, API)) {
      keys.addAll(section);
    }
    return keys;
  }
}
