package io.iotpipeline.api;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.iotpipeline.api.pipeline.KafkaSampler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reachability of Cassandra and Kafka, each with a short timeout, for {@code /health}. */
final class HealthCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final CqlSession session;
  private final PreparedStatement probe;
  private final KafkaSampler kafka;

  HealthCheck(CqlSession session, KafkaSampler kafka) {
    this.session = session;
    this.probe = session.prepare("SELECT release_version FROM system.local");
    this.kafka = kafka;
  }

  /** The report; {@code "status"} is {@code "UP"} only when both answer. */
  Map<String, Object> check() {
    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> cassandra = new LinkedHashMap<>();
    try {
      String version = session.execute(probe.bind().setTimeout(TIMEOUT)).one().getString(0);
      cassandra.put("up", true);
      cassandra.put("version", version);
    } catch (DriverException e) {
      cassandra.put("up", false);
      cassandra.put("error", e.getMessage());
    }
    boolean kafkaUp = kafka.reachable();
    boolean up = (Boolean) cassandra.get("up") && kafkaUp;
    report.put("status", up ? "UP" : "DOWN");
    report.put("cassandra", cassandra);
    report.put("kafka", Map.of("up", kafkaUp));
    return report;
  }
}
