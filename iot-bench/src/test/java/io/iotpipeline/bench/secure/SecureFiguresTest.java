package io.iotpipeline.bench.secure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecureFiguresTest {

  @Test
  void theRatioIsTheSecureRateOverThePlainOneMeasuredInTheSameRun() {
    assertThat(SecureSection.figures(40_000, 30_000))
        .containsEntry("plain_e2e_rows_per_s", 40_000L)
        .containsEntry("secure_e2e_rows_per_s", 30_000L)
        .containsEntry("secure_e2e_ratio", 0.75);
  }

  @Test
  void noPlainRateGivesNoRatioRatherThanADivisionByZero() {
    assertThat(SecureSection.figures(0, 30_000)).containsEntry("secure_e2e_ratio", 0.0);
  }
}
