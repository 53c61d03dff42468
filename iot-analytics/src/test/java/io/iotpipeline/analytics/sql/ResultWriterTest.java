package io.iotpipeline.analytics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultWriterTest {

  @Test
  void aTableAlignsEveryColumnToItsWidestValueAndShowsNulls() {
    String table =
        ResultWriter.table(
            List.of("sensor_id", "avg"), List.of(List.of("7", "21.5"), Arrays.asList("12", null)));

    assertThat(table)
        .isEqualTo(
            """
            sensor_id  avg
            ---------  ----
            7          21.5
            12         NULL
            """);
  }

  @Test
  void csvQuotesOnlyTheFieldsThatNeedItAndLeavesNullsEmpty() {
    assertThat(ResultWriter.csvLine(Arrays.asList("a", "b,c", "say \"hi\"", null, "x\ny")))
        .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"");
  }
}
