package io.iotpipeline.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VerdictTest {

  private static Verdict verdict(
      long lost, long unexpected, long fuzzMissing, boolean drained, OptionalLong mismatched) {
    return new Verdict(
        100,
        99,
        99,
        lost,
        unexpected,
        5,
        0,
        10,
        10,
        10,
        fuzzMissing,
        List.of(
            new Verdict.FaultOutcome("kill-kafka", 3.0, "SIGKILL", OptionalDouble.of(4.25)),
            new Verdict.FaultOutcome("pause-kafka", 9.0, "SIGSTOP", OptionalDouble.empty())),
        7.5,
        List.of(),
        0,
        drained,
        mismatched,
        30.0,
        List.of());
  }

  @Test
  void validOnlyWithNothingLostUnexpectedOrMissingFromTheDeadLetters() {
    assertThat(verdict(0, 0, 0, true, OptionalLong.empty()).valid()).isTrue();
    assertThat(verdict(1, 0, 0, true, OptionalLong.empty()).valid()).isFalse();
    assertThat(verdict(0, 1, 0, true, OptionalLong.empty()).valid()).isFalse();
    assertThat(verdict(0, 0, 1, true, OptionalLong.empty()).valid()).isFalse();
    assertThat(verdict(0, 0, 0, false, OptionalLong.empty()).valid()).isFalse();
    assertThat(verdict(0, 0, 0, true, OptionalLong.of(2)).valid()).isFalse();
  }

  @Test
  void theJsonLineHasTheIssuesKeysAndANeverRecoveredFaultCountsAsTheWholeRun() throws Exception {
    Map<String, Object> json =
        new ObjectMapper()
            .readValue(
                verdict(0, 0, 0, true, OptionalLong.of(0)).toJson(), new TypeReference<>() {});
    assertThat(json.keySet())
        .contains(
            "attempted",
            "acknowledged",
            "stored",
            "lost",
            "unexpected",
            "duplicates_absorbed",
            "dead_letters",
            "faults_injected",
            "recovery_s_max",
            "valid",
            "stream_aggregates_mismatched");
    assertThat(json.get("recovery_s_max")).isEqualTo(30.0);
    assertThat(json.get("faults_injected")).isEqualTo(2);
    assertThat(
            new ObjectMapper()
                .readValue(verdict(0, 0, 0, true, OptionalLong.empty()).toJson(), Map.class))
        .doesNotContainKey("stream_aggregates_mismatched");
  }
}
