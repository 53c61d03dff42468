package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.clients.jobs.ConsumerLag;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * A CI-sized {@code ./iot chaos}: 200,000 readings with every fault kind, each once, on the test
 * stack itself (its Kafka and Cassandra are SIGKILLed and SIGSTOPped, and restarted by the run).
 * The verdict must be valid, and its main counts must match what Cassandra and Kafka hold when
 * asked here, without the chaos code.
 */
@WithStack
class ChaosIT {

  private static final List<String> EVERY_KIND =
      List.of(
          "kill-ingester",
          "kill-cassandra",
          "pause-cassandra",
          "kill-kafka",
          "pause-kafka",
          "kill-stream",
          "fuzz");

  @Test
  void everyFaultKindOnceAndEveryAcknowledgedReadingStoredExactlyOnce(TestStack stack)
      throws Exception {
    Path dataDir = Path.of(stack.settings().get("data-dir")).toAbsolutePath();
    JsonNode verdict;
    String output;
    try (IotProcess iot =
        IotProcess.start(
            stack,
            dataDir,
            "chaos",
            "--readings",
            "200000",
            "--rate",
            "1500",
            "--every",
            "15s",
            "--with-stream",
            "--seed",
            "7")) {
      boolean exited = iot.process().waitFor(15, TimeUnit.MINUTES);
      output = iot.output();
      assertThat(exited).as("./iot chaos finished; output:%n%s", output).isTrue();
      assertThat(iot.process().exitValue()).as("exit code; output:%n%s", output).isZero();
      List<String> lines = output.lines().toList();
      verdict = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    assertThat(verdict.path("valid").asBoolean()).as(output).isTrue();
    assertThat(verdict.path("attempted").asLong()).isEqualTo(200_000);
    assertThat(verdict.path("lost").asLong()).isZero();
    assertThat(verdict.path("unexpected").asLong()).isZero();
    assertThat(verdict.path("stored").asLong())
        .isGreaterThanOrEqualTo(verdict.path("acknowledged").asLong());
    assertThat(verdict.path("stream_aggregates_mismatched").isMissingNode()).isFalse();
    assertThat(verdict.path("stream_aggregates_mismatched").asLong()).isZero();
    assertThat(verdict.path("fuzz_sent").asLong()).isGreaterThanOrEqualTo(10_000);
    assertThat(verdict.path("fuzz_missing_from_dlq").asLong()).isZero();
    // The streaming job rides out the Cassandra and Kafka faults by itself, the ingester too.
    assertThat(verdict.path("unplanned_exits").asLong()).as(output).isZero();
    // Each kind at least once (a workload slowed by the faults can outlast one round of them).
    assertThat(
            StreamSupport.stream(verdict.path("faults").spliterator(), false)
                .map(fault -> fault.path("fault").asText())
                .distinct()
                .toList())
        .containsExactlyInAnyOrderElementsOf(EVERY_KIND);

    // The same counts, asked here: the run's own rows and its dead-letter topic.
    long rows =
        stack
            .session()
            .execute(
                SimpleStatement.newInstance("SELECT COUNT(*) FROM iot_chaos.sensor_data")
                    .setTimeout(Duration.ofMinutes(1)))
            .one()
            .getLong(0);
    assertThat(rows).isEqualTo(verdict.path("stored").asLong());
    try (Admin admin = KafkaTopics.admin(stack.kafka())) {
      String dlq =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(name -> name.startsWith("chaos-") && name.endsWith("-iotdata-dlq"))
              .findFirst()
              .orElseThrow();
      assertThat(ConsumerLag.messages(admin, dlq))
          .isEqualTo(verdict.path("dead_letters").asLong())
          .isGreaterThanOrEqualTo(verdict.path("fuzz_acknowledged").asLong());
    }
  }
}
