package io.iotpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotpipeline.gateway.ReadingIntake.Accepted;
import io.iotpipeline.gateway.ReadingIntake.Outcome;
import io.iotpipeline.gateway.ReadingIntake.Rejected;
import io.iotpipeline.model.ReadingCodec;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReadingIntakeTest {

  private final ReadingIntake intake = new ReadingIntake(new ReadingCodec());

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void topicsNameTheirSensor() {
    assertThat(ReadingIntake.sensorOfTopic("sensors/42")).hasValue(42);
    assertThat(ReadingIntake.sensorOfTopic("sensors/0")).hasValue(0);
    assertThat(ReadingIntake.sensorOfTopic("sensors/")).isEmpty();
    assertThat(ReadingIntake.sensorOfTopic("sensors/-1")).isEmpty();
    assertThat(ReadingIntake.sensorOfTopic("sensors/4x")).isEmpty();
    assertThat(ReadingIntake.sensorOfTopic("sensors/42/temp")).isEmpty();
    assertThat(ReadingIntake.sensorOfTopic("sensors/99999999999")).isEmpty();
    assertThat(ReadingIntake.sensorOfTopic("devices/42")).isEmpty();
  }

  @Test
  void acceptsTheOriginalFormatAndForwardsItsCanonicalEncoding() {
    Outcome outcome =
        intake.fromTopic(
            "sensors/7",
            utf8(
                "{ \"humidity\": 55, \"temperature\": 21.5, \"sensor_id\": 7,"
                    + " \"timestamp\": 1732780000.123 }"));

    assertThat(outcome).isInstanceOf(Accepted.class);
    Accepted accepted = (Accepted) outcome;
    assertThat(accepted.reading().sensorId()).isEqualTo(7);
    assertThat(new String(accepted.value(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"sensor_id\":7,\"timestamp\":1732780000.123,\"temperature\":21.50,"
                + "\"humidity\":55.00,\"v\":1}");
  }

  @Test
  void fillsInAMissingSensorIdFromTheTopic() {
    Outcome outcome =
        intake.fromTopic(
            "sensors/9", utf8("{\"timestamp\":1732780000.5,\"temperature\":1,\"humidity\":2}"));

    assertThat(outcome).isInstanceOf(Accepted.class);
    assertThat(((Accepted) outcome).reading().sensorId()).isEqualTo(9);
  }

  @Test
  void rejectsAPayloadWhoseSensorIsNotTheTopics() {
    Outcome outcome = intake.fromTopic("sensors/9", GatewayFixtures.json(10, 1));

    assertThat(outcome).isInstanceOf(Rejected.class);
    assertThat(((Rejected) outcome).reason())
        .isEqualTo("sensor_id 10 does not match the topic's sensor 9");
  }

  @Test
  void rejectsOtherTopicsAndInvalidReadingsWithTheCodecsReason() {
    assertThat(intake.fromTopic("telemetry/9", GatewayFixtures.json(9, 1)))
        .isEqualTo(new Rejected("topic 'telemetry/9' is not sensors/{sensor_id}"));
    assertThat(intake.fromTopic("sensors/9", utf8("not json")))
        .isInstanceOf(Rejected.class)
        .extracting(o -> ((Rejected) o).reason())
        .asString()
        .startsWith("malformed JSON");
    assertThat(
            intake.decode(
                utf8(
                    "{\"sensor_id\":1,\"timestamp\":1732780000,\"temperature\":999,"
                        + "\"humidity\":2}"),
                OptionalInt.empty()))
        .isInstanceOf(Rejected.class)
        .extracting(o -> ((Rejected) o).reason())
        .asString()
        .startsWith("temperature out of range");
    assertThat(
            intake.decode(
                utf8("{\"timestamp\":1,\"temperature\":1,\"humidity\":2}"), OptionalInt.empty()))
        .isEqualTo(new Rejected("missing field: sensor_id"));
    assertThat(intake.fromTopic("sensors/3", utf8("[1,2]")))
        .isEqualTo(new Rejected("not a JSON object"));
  }
}
