package io.iotpipeline.bench.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.bench.KeysBeforeTheMove;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class StreamSectionFiguresTest {

  /** A judged run (180 s measured) with both queries keeping up. */
  public static Map<String, Object> sampleFigures() {
    StreamFigures aggregates = new StreamFigures(36, 19_612, 3_505, 8_042, 16.0, 8.4, 3.9);
    StreamFigures alerts = new StreamFigures(12, 19_112, 10_086, 19_573, 38.2, 19.5, 14.6);
    return StreamSection.figures(aggregates, alerts, 19_997, 19_994, 18.0, 180.3, 0.2);
  }

  @Test
  void aJudgedRunReportsEveryFormerKeyInTheFormerOrder() {
    assertThat(sampleFigures().keySet()).containsExactlyElementsOf(KeysBeforeTheMove.STREAM);
  }

  @Test
  void aRunTooShortToJudgeLeavesOutOnlyTheVerdict() {
    StreamFigures query = new StreamFigures(8, 20_000, 2_000, 3_000, 20.0, 8.0, 5.0);

    assertThat(StreamSection.figures(query, query, 20_000, 20_000, 30, 45, 0.1).keySet())
        .containsExactlyElementsOf(
            KeysBeforeTheMove.STREAM.subList(0, KeysBeforeTheMove.STREAM.size() - 1));
  }
}
