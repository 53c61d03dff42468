package io.iotpipeline.api.pipeline;

import java.util.Map;

/**
 * Metrics of pipeline components running in the same process as the API (e.g. an ingester started
 * by a demo command), exported under {@code /metrics} as {@code iot_ingest_<name>} and in {@code
 * /api/stats} under {@code "ingest"}. A standalone API has none: everything it shows is then
 * measured from Kafka offsets and Cassandra, which works across processes.
 */
@FunctionalInterface
public interface PipelineMetricsSource {

  PipelineMetricsSource NONE = Map::of;

  /** Metric name (snake_case, no prefix) to value; called on every stats or metrics request. */
  Map<String, Double> metrics();
}
