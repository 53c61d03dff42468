package io.iotpipeline.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.bench.KeysBeforeTheMove;
import io.iotpipeline.ingest.IngestOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class IngestFiguresTest {

  /** The three phases of run 2 in BENCHMARKS.md, as the phases measure them. */
  public static Map<String, Object> sampleFigures() {
    IngestOptions options =
        IngestOptions.defaults().withBatching(32, 100).withMaxPollRecords(10_000);
    return IngestBenchmark.figures(
        new IngestBenchmark.Raw(175_810.3, 100.0),
        new IngestBenchmark.Sustained(140_304.2, 3_000_000, 23.0612, 51.9213),
        new IngestBenchmark.Latency(29.0612, 59.1449, 128.5071, 9_991.2),
        options,
        1000);
  }

  @Test
  void everyPhaseIsReportedUnderItsFormerKeysInTheirFormerOrder() {
    assertThat(sampleFigures().keySet()).containsExactlyElementsOf(KeysBeforeTheMove.INGEST);
  }

  @Test
  void ratesAreWholeRowsPerSecondAndTheRestHundredths() {
    Map<String, Object> figures = sampleFigures();

    assertThat(figures)
        .containsEntry("raw_ceiling_rows_per_s", 175_810L)
        .containsEntry("e2e_rows_per_s", 140_304L)
        .containsEntry("e2e_rows", 3_000_000L)
        .containsEntry("e2e_seconds", 23.06)
        .containsEntry("e2e_rows_per_s_incl_rampup", 130_089L)
        .containsEntry("e2e_rows_per_request", 51.92)
        .containsEntry("e2e_ratio", 0.8)
        .containsEntry("e2e_latency_p99_ms", 59.14)
        .containsEntry("latency_rate_per_s", 9_991L)
        .containsEntry("batch_rows", 100)
        .containsEntry("in_flight", 32)
        .containsEntry("max_poll_records", 10_000)
        .containsEntry("sensors", 1000);
  }
}
