package io.iotpipeline.api;

import io.iotpipeline.api.live.LiveFeed;
import io.iotpipeline.api.pipeline.PipelineStats;
import io.iotpipeline.api.pipeline.PrometheusText;
import io.iotpipeline.api.query.SettledRollups;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code /metrics}: the API's own request, stream and cache metrics, then the
 * pipeline's gauges. Metric names are a contract with dashboards and alerting: do not rename.
 */
final class MetricsExposition {

  private final RequestMetrics requestMetrics;
  private final LiveFeed liveFeed;
  private final SettledRollups settledRollups;
  private final PipelineStats stats;

  MetricsExposition(
      RequestMetrics requestMetrics,
      LiveFeed liveFeed,
      SettledRollups settledRollups,
      PipelineStats stats) {
    this.requestMetrics = requestMetrics;
    this.liveFeed = liveFeed;
    this.settledRollups = settledRollups;
    this.stats = stats;
  }

  /** Prometheus text ({@link PrometheusText#CONTENT_TYPE}). */
  String render() {
    PrometheusText text =
        new PrometheusText()
            .family(
                "iot_api_requests_total",
                "counter",
                "HTTP requests by route and status",
                requestMetrics.counts())
            .family(
                "iot_api_request_seconds_total",
                "counter",
                "Time spent answering, by route and status",
                requestMetrics.seconds())
            .gauge(
                "iot_api_stream_clients", "Connected live-stream clients", liveFeed.clientCount())
            .gauge(
                "iot_api_stream_tailing",
                "1 while the live stream reads Kafka (someone watches)",
                liveFeed.tailing() ? 1 : 0)
            .family(
                "iot_api_series_cache_lookups_total",
                "counter",
                "Rollup partitions a series needed, by where their settled windows came from",
                new TreeMap<>(
                    Map.of(
                        "{result=\"hit\"}",
                        (double) settledRollups.hits(),
                        "{result=\"miss\"}",
                        (double) settledRollups.misses())));
    for (PipelineStats.Gauge gauge : stats.gauges()) {
      text.gauge(gauge.name(), gauge.help(), gauge.value());
    }
    return text.toString();
  }
}
