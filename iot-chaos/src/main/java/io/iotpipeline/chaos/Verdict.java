package io.iotpipeline.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The outcome of a chaos run, counted: every acknowledged reading stored exactly once (upserts
 * absorb repeated deliveries), nothing stored that was never sent, every hostile message
 * dead-lettered with a reason.
 *
 * @param attempted readings the workload sent
 * @param acknowledged of those, the ones Kafka acknowledged
 * @param stored readings of the workload found in {@code sensor_data}
 * @param lost acknowledged readings not found
 * @param unexpected rows that are no reading of the workload
 * @param duplicatesAbsorbed deliveries beyond one that the upserts absorbed: rows the ingesters
 *     reported storing, or readings the topic holds (by its offsets), whichever is more, beyond the
 *     distinct readings stored (a lower bound, see {@link IngesterSupervisor#rowsReported})
 * @param topicDuplicates readings the topic holds (by its offsets) beyond the distinct ones stored:
 *     a producer's resends
 * @param deadLetters records in the dead-letter topic
 * @param fuzzSent hostile messages sent
 * @param fuzzAcknowledged of those, the ones Kafka acknowledged
 * @param fuzzMissing acknowledged hostile messages without a dead letter with a reason
 * @param faults the faults injected, in order, with their recovery
 * @param faultsFailed faults that could not be injected, with the error
 * @param unplannedExits ingester or streaming-job processes that exited without a fault
 * @param drained whether the ingester caught up with the topic after the last fault
 * @param streamMismatched minute windows whose aggregates differ from a recomputation (empty
 *     without the streaming job)
 * @param stallMaxSeconds the longest time the ingest committed nothing with records waiting
 * @param durationSeconds the whole run
 */
public record Verdict(
    long attempted,
    long acknowledged,
    long stored,
    long lost,
    long unexpected,
    long duplicatesAbsorbed,
    long topicDuplicates,
    long deadLetters,
    long fuzzSent,
    long fuzzAcknowledged,
    long fuzzMissing,
    List<FaultOutcome> faults,
    double stallMaxSeconds,
    List<String> faultsFailed,
    int unplannedExits,
    boolean drained,
    OptionalLong streamMismatched,
    double durationSeconds,
    List<String> notes) {

  /**
   * One fault: what, when (seconds into the run), what was done, how long the ingest took to
   * recover.
   */
  public record FaultOutcome(
      String fault, double atSeconds, String detail, OptionalDouble recoverySeconds) {}

  public Verdict {
    faults = List.copyOf(faults);
    faultsFailed = List.copyOf(faultsFailed);
    notes = List.copyOf(notes);
  }

  public boolean valid() {
    return lost == 0
        && unexpected == 0
        && fuzzMissing == 0
        && drained
        && faultsFailed.isEmpty()
        && streamMismatched.orElse(0) == 0;
  }

  /** The longest recovery; a fault the ingest never recovered from counts as the whole run. */
  public double recoveryMaxSeconds() {
    return faults.stream()
        .mapToDouble(f -> f.recoverySeconds().orElse(durationSeconds))
        .max()
        .orElse(0);
  }

  /** The keys the faults issue names, then more detail. */
  public Map<String, Object> figures() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("attempted", attempted);
    figures.put("acknowledged", acknowledged);
    figures.put("stored", stored);
    figures.put("lost", lost);
    figures.put("unexpected", unexpected);
    figures.put("duplicates_absorbed", duplicatesAbsorbed);
    figures.put("dead_letters", deadLetters);
    figures.put("faults_injected", faults.size());
    figures.put("recovery_s_max", round(recoveryMaxSeconds()));
    streamMismatched.ifPresent(count -> figures.put("stream_aggregates_mismatched", count));
    figures.put("valid", valid());
    figures.put("stall_s_max", round(stallMaxSeconds));
    figures.put("indeterminate", attempted - acknowledged);
    figures.put("topic_duplicates", topicDuplicates);
    figures.put("fuzz_sent", fuzzSent);
    figures.put("fuzz_acknowledged", fuzzAcknowledged);
    figures.put("fuzz_missing_from_dlq", fuzzMissing);
    figures.put("faults_failed", faultsFailed.size());
    figures.put("unplanned_exits", unplannedExits);
    figures.put("drained", drained);
    figures.put("duration_s", round(durationSeconds));
    List<Map<String, Object>> each = new ArrayList<>();
    for (FaultOutcome fault : faults) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("fault", fault.fault());
      one.put("at_s", round(fault.atSeconds()));
      one.put(
          "recovery_s",
          fault.recoverySeconds().isPresent()
              ? round(fault.recoverySeconds().getAsDouble())
              : null);
      each.add(one);
    }
    figures.put("faults", each);
    return figures;
  }

  public String toJson() {
    try {
      return new ObjectMapper().writeValueAsString(figures());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The verdict as a person reads it: the counts, then one line per fault. */
  public String table() {
    StringBuilder out = new StringBuilder();
    row(out, "attempted", count(attempted), "readings sent, each with a unique key");
    row(
        out,
        "acknowledged",
        count(acknowledged),
        count(attempted - acknowledged)
            + " indeterminate (no answer from Kafka): stored or not, both are correct");
    row(out, "stored", count(stored), "distinct readings of the workload in sensor_data");
    row(out, "lost", count(lost), "acknowledged, not stored");
    row(out, "unexpected", count(unexpected), "stored, never sent");
    row(
        out,
        "duplicates_absorbed",
        count(duplicatesAbsorbed),
        "repeated deliveries the upserts absorbed (at least)");
    row(
        out,
        "dead_letters",
        count(deadLetters),
        String.format(
            Locale.ROOT,
            "hostile messages: %,d sent, %,d acknowledged, %,d missing from the DLQ",
            fuzzSent,
            fuzzAcknowledged,
            fuzzMissing));
    streamMismatched.ifPresent(
        count ->
            row(
                out,
                "stream_aggregates_mismatched",
                count(count),
                "minute windows that differ from a recomputation from sensor_data"));
    row(
        out,
        "faults_injected",
        Integer.toString(faults.size()),
        faultsFailed.isEmpty() ? "" : faultsFailed.size() + " could not be injected");
    row(
        out,
        "recovery_s_max",
        String.format(Locale.ROOT, "%.1f", recoveryMaxSeconds()),
        "fault -> ingest rate back above half its pre-fault rate");
    row(
        out,
        "stall_s_max",
        String.format(Locale.ROOT, "%.1f", stallMaxSeconds),
        "longest time nothing was committed while records waited");
    row(
        out,
        "unplanned_exits",
        Integer.toString(unplannedExits),
        "ingester or streaming job processes that exited without a fault");
    row(out, "valid", Boolean.toString(valid()), drained ? "" : "the ingester never caught up");
    out.append(
        String.format(
            Locale.ROOT,
            "%n  %-16s %7s %10s  %s%n",
            "fault",
            "at (s)",
            "recovered",
            "what was done"));
    for (FaultOutcome fault : faults) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-16s %7.1f %10s  %s%n",
              fault.fault(),
              fault.atSeconds(),
              fault.recoverySeconds().isPresent()
                  ? String.format(Locale.ROOT, "%.1f s", fault.recoverySeconds().getAsDouble())
                  : "never",
              fault.detail()));
    }
    faultsFailed.forEach(failure -> out.append("  not injected: ").append(failure).append('\n'));
    notes.forEach(note -> out.append("  note: ").append(note).append('\n'));
    return out.toString();
  }

  private static void row(StringBuilder out, String key, String value, String meaning) {
    out.append(String.format(Locale.ROOT, "  %-29s %12s  %s%n", key, value, meaning));
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
