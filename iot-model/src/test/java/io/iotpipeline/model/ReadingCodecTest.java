package io.iotpipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadingCodecTest {

  private final ReadingCodec codec = new ReadingCodec();

  private SensorReading decode(String json) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsTheOriginalProjectFormatUnchanged() {
    SensorReading reading =
        decode(
            "{\"sensor_id\": 42, \"timestamp\": 1732780000.123, \"temperature\": 21.5, \"humidity\": 55.0}");

    assertThat(reading.sensorId()).isEqualTo(42);
    assertThat(reading.timestamp()).isEqualTo(Instant.ofEpochMilli(1_732_780_000_123L));
    assertThat(reading.temperature()).isEqualTo(21.5);
    assertThat(reading.humidity()).isEqualTo(55.0);
    assertThat(reading.hasSequence()).isFalse();
    assertThat(reading.site()).isNull();
  }

  @Test
  void roundTripsEveryField() {
    SensorReading original =
        new SensorReading(
            7,
            Instant.parse("2026-11-28T10:15:30.007Z"),
            -3.25,
            99.99,
            123_456_789L,
            "site-\"2\"\\north");

    SensorReading decoded = codec.decode(codec.encode(original));

    assertThat(decoded).isEqualTo(original);
  }

  @Test
  void writesEpochSecondsWithMillisecondFractionAndTwoDecimals() {
    SensorReading reading =
        new SensorReading(1, Instant.ofEpochMilli(1_732_780_000_045L), 21.456, 5.0, 3, null);

    assertThat(codec.encodeToString(reading))
        .isEqualTo(
            "{\"sensor_id\":1,\"timestamp\":1732780000.045,\"temperature\":21.46,\"humidity\":5.00,"
                + "\"v\":1,\"seq\":3}");
  }

  @Test
  void ignoresUnknownFieldsSoNewerProducersKeepWorking() {
    SensorReading reading =
        decode(
            "{\"sensor_id\":1,\"timestamp\":1.5,\"temperature\":1,"
                + "\"humidity\":2,\"battery\":{\"level\":[1,2]},\"firmware\":\"x\"}");

    assertThat(reading.timestamp()).isEqualTo(Instant.ofEpochMilli(1500));
  }

  @Test
  void acceptsIsoTimestamps() {
    SensorReading reading =
        decode(
            "{\"sensor_id\":1,\"timestamp\":\"2026-01-02T03:04:05.678Z\","
                + "\"temperature\":1,\"humidity\":2}");

    assertThat(reading.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all                                                              | malformed JSON",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1                           | malformed JSON",
        "[1,2,3]                                                                      | not a JSON object",
        "{\"timestamp\":1,\"temperature\":1,\"humidity\":2}                           | missing field: sensor_id",
        "{\"sensor_id\":1,\"temperature\":1,\"humidity\":2}                           | missing field: timestamp",
        "{\"sensor_id\":1,\"timestamp\":1,\"humidity\":2}                             | missing field: temperature",
        "{\"sensor_id\":\"a\",\"timestamp\":1,\"temperature\":1,\"humidity\":2}       | sensor_id must be an integer",
        "{\"sensor_id\":-1,\"timestamp\":1,\"temperature\":1,\"humidity\":2}          | sensor_id must be >= 0",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":900,\"humidity\":2}         | temperature out of range",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":101}         | humidity out of range",
        "{\"sensor_id\":1,\"timestamp\":1732780000123,\"temperature\":1,\"humidity\":2} | timestamp out of range",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":2,\"type\":\"gps\"} | unknown sensor type: gps",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":2,\"v\":9}   | unsupported schema version",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":2} {}        | trailing data",
        "{\"sensor_id\":99999999999,\"timestamp\":1,\"temperature\":1,\"humidity\":2} | sensor_id out of range",
        "{\"sensor_id\":1,\"sensor_id\":2,\"timestamp\":1,\"temperature\":1,\"humidity\":2} | duplicate field: sensor_id",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":2,\"x\":1,\"x\":2} | duplicate field: x",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":NaN,\"humidity\":2}         | malformed JSON",
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1e999,\"humidity\":2}       | temperature is not finite",
      })
  void rejectsBadInputWithAReason(String json, String reason) {
    assertThatThrownBy(() -> decode(json.strip()))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessageContaining(reason.strip());
  }

  @Test
  void rejectsUnpairedSurrogatesEscapedOrEncoded() {
    String escaped =
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":2,"
            + "\"site\":\"a\\ud800b\"}";
    assertThatThrownBy(() -> decode(escaped))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessage("site is not valid Unicode (unpaired surrogate)");
    byte[] prefix =
        "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":2,\"site\":\"a"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] encoded = java.util.Arrays.copyOf(prefix, prefix.length + 5);
    System.arraycopy(
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, 0, encoded, prefix.length, 5);
    assertThatThrownBy(() -> codec.decode(encoded)).isInstanceOf(InvalidReadingException.class);
    assertThat(
            decode(
                    "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,\"humidity\":2,"
                        + "\"site\":\"\\ud83d\\ude00\"}")
                .site())
        .isEqualTo("\ud83d\ude00");
  }

  @Test
  void rejectsAFloodOfExtraFields() {
    StringBuilder json =
        new StringBuilder("{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1," + "\"humidity\":2");
    for (int i = 0; i < ReadingCodec.MAX_FIELDS; i++) {
      json.append(",\"extra").append(i).append("\":").append(i);
    }
    assertThatThrownBy(() -> decode(json.append('}').toString()))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessage("more than " + ReadingCodec.MAX_FIELDS + " fields");
  }

  @Test
  void rejectsDeeplyNestedValuesOfUnknownFields() {
    String nested = "[".repeat(5000) + "]".repeat(5000);
    assertThatThrownBy(
            () ->
                decode(
                    "{\"sensor_id\":1,\"timestamp\":1,\"temperature\":1,"
                        + "\"humidity\":2,\"deep\":"
                        + nested
                        + "}"))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void rejectsEmptyMessages() {
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessage("empty message");
  }

  @Test
  void truncatesTimestampsToMillisecondsLikeCassandra() {
    SensorReading reading = SensorReading.of(1, Instant.parse("2026-01-01T00:00:00.123456Z"), 1, 2);

    assertThat(reading.timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    assertThat(reading.day()).hasToString("2026-01-01");
  }
}
