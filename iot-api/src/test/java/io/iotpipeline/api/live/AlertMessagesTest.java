package io.iotpipeline.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.api.query.Records.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertMessagesTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private Optional<Alert> parse(String json) {
    return AlertMessages.parse(mapper, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsSparksToJsonOfAnAlertRow() {
    Optional<Alert> alert = parse("{\"sensor_id\":3,\"ts\":\"2026-11-28T10:00:00.000Z\","
        + "\"day\":\"2026-11-28\",\"rule\":\"threshold\",\"value\":41.5,\"limit_value\":40.0,"
        + "\"detail\":\"temperature above 40.0\"}");

    assertThat(alert).contains(new Alert(3, Instant.parse("2026-11-28T10:00:00Z"), "threshold",
        41.5, 40.0, "temperature above 40.0"));
  }

  @Test
  void acceptsOffsetsAndEpochTimestamps() {
    assertThat(parse("{\"sensor_id\":1,\"ts\":\"2026-11-28T11:00:00.000+01:00\"}"))
        .get().extracting(Alert::ts).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(parse("{\"sensor_id\":1,\"ts\":1764331200.25}"))
        .get().extracting(Alert::ts).isEqualTo(Instant.ofEpochMilli(1764331200250L));
  }

  @Test
  void skipsWhatIsNotAnAlert() {
    assertThat(parse("not json")).isEmpty();
    assertThat(parse("[1,2]")).isEmpty();
    assertThat(parse("{\"ts\":\"2026-11-28T10:00:00Z\"}")).isEmpty();
    assertThat(parse("{\"sensor_id\":1,\"ts\":\"noon\"}")).isEmpty();
  }
}
