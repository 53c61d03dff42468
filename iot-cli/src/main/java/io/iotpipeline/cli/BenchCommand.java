package io.iotpipeline.cli;

import io.iotpipeline.bench.PipelineBenchmark;
import io.iotpipeline.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iot bench}: measures the pipeline on this machine, section by section, and ends with one
 * JSON line holding every figure. Wiring only: the sections are in iot-bench ({@link
 * PipelineBenchmark}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure the pipeline on this machine and print one JSON line of figures.",
      "simulator: maximum rate into Kafka (1000 sensors). ingest: raw Cassandra ceiling of "
          + "partition batches, sustained simulator -> Kafka -> ingest -> Cassandra rate, and "
          + "produce -> row latency at 10k readings/s. analytics: Spark writes N readings through "
          + "the connector and rolls them up (cold and warm). stream: Spark Structured "
          + "Streaming on 20k readings/s while ingest runs (rows/s, trigger time, lag). api: "
          + "read latency while ingest runs at 10k/s. cluster (only with --section cluster): "
          + "sustained ingest on a 3-node RF 3 stack of its own vs this stack, and the ingest "
          + "stall when a broker and a Cassandra node are SIGKILLed. secure (only with --section "
          + "secure): sustained ingest on a secure stack of its own vs this stack. gateway (only "
          + "with --section gateway): MQTT QoS 1 (1000 connections) and HTTP batch readings/s "
          + "through the gateway as ratios to the direct producer, PUBACK p50/p99 at 5k/s. Uses "
          + "scratch topics "
          + "(deleted) and bench_keyspace (1-day TTL)."
    })
public final class BenchCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--quick",
      description = "Shorter phases (about a minute in all) for a smoke test.")
  boolean quick;

  @Option(
      names = "--section",
      split = ",",
      paramLabel = "NAME",
      description =
          "Run only these sections (default: all but cluster, secure and gateway): simulator,"
              + " ingest, analytics, stream, api, cluster, secure, gateway.")
  List<String> only;

  @Option(
      names = "--rollup-rows",
      paramLabel = "N",
      description =
          "Readings the analytics section writes and rolls up (default 1000000, "
              + "200000 with --quick), e.g. 10000000.")
  Long rollupRows;

  @Override
  public Integer call() throws Exception {
    Settings settings = global.load();
    PipelineBenchmark benchmark =
        new PipelineBenchmark(
            PipelineBenchmark.standardSections(rollupRows, IotCommand.class.getName()), quick);
    Map<String, Object> figures = benchmark.run(settings, only);
    System.out.println(PipelineBenchmark.toJson(figures));
    return 0;
  }
}
