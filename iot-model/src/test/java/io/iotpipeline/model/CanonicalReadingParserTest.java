package io.iotpipeline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalReadingParserTest {

  private final ReadingCodec codec = new ReadingCodec();

  @Test
  void parsesEverythingTheEncoderWritesExactlyAsJacksonDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      SensorReading reading = randomReading(random);
      byte[] message = codec.encode(reading);
      SensorReading fast = CanonicalReadingParser.tryParse(message);
      assertThat(fast)
          .as(new String(message, StandardCharsets.UTF_8))
          .isNotNull()
          .isEqualTo(codec.decodeWithJackson(message));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // the original project's format: spaces, no version
        "{\"sensor_id\": 42, \"timestamp\": 1732780000.123, \"temperature\": 21.5, \"humidity\": 55.0}",
        "{\"timestamp\":1732780000.123,\"sensor_id\":4,\"temperature\":21.53,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":04,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":-4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.1234,\"temperature\":21.53,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":4,\"timestamp\":1732780000,\"temperature\":21.53,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":4,\"timestamp\":\"2026-11-28T00:00:00Z\",\"temperature\":21.53,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":2.153e1,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.1234567,\"humidity\":48.1,\"v\":1}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":2}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1,\"type\":\"env\"}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1,\"seq\":-1}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1,\"site\":\"a\\\"b\"}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1,\"site\":\"Zürich\"}",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1} ",
        "{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1}{}",
        "{\"sensor_id\":12345678901,\"timestamp\":1732780000.123,\"temperature\":21.53,\"humidity\":48.1,\"v\":1}",
      })
  void leavesEveryOtherShapeToJackson(String json) {
    assertThat(CanonicalReadingParser.tryParse(json.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void neverFailsOnATruncatedMessage() {
    byte[] message =
        codec.encode(
            new SensorReading(
                17, Instant.ofEpochMilli(1_732_780_000_123L), -3.07, 99.99, 12, "site-3"));
    for (int length = 0; length < message.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(message, length);
      assertThat(CanonicalReadingParser.tryParse(prefix)).as("first %d bytes", length).isNull();
    }
  }

  @Test
  void rejectsOutOfRangeValuesWithTheSameReasonAsJackson() {
    byte[] message =
        ("{\"sensor_id\":4,\"timestamp\":1732780000.123,\"temperature\":151.00,"
                + "\"humidity\":48.10,\"v\":1}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.decodeWithJackson(message))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessageContaining("temperature out of range");
    assertThatThrownBy(() -> CanonicalReadingParser.tryParse(message))
        .isInstanceOf(InvalidReadingException.class)
        .hasMessageContaining("temperature out of range");
  }

  @Test
  void keepsTheSignOfNegativeZero() {
    byte[] message =
        ("{\"sensor_id\":4,\"timestamp\":0.001,\"temperature\":-0.00,"
                + "\"humidity\":0.00,\"v\":1}")
            .getBytes(StandardCharsets.UTF_8);
    SensorReading fast = CanonicalReadingParser.tryParse(message);
    assertThat(fast).isEqualTo(codec.decodeWithJackson(message));
    assertThat(Double.doubleToRawLongBits(fast.temperature()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  private static SensorReading randomReading(Random random) {
    int sensorId =
        random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(5000);
    long millis =
        random.nextInt(3) == 0
            ? (long) (random.nextDouble() * 253_402_300_799_999L)
            : 1_700_000_000_000L + random.nextInt(1 << 30);
    double temperature = -80 + random.nextDouble() * 230;
    double humidity = random.nextDouble() * 100;
    long sequence =
        random.nextBoolean()
            ? SensorReading.NO_SEQUENCE
            : random.nextInt(3) == 0
                ? (random.nextLong() & Long.MAX_VALUE) % 1_000_000_000_000_000_000L
                : random.nextInt(100_000);
    String site = random.nextBoolean() ? null : "site-" + random.nextInt(12);
    return new SensorReading(
        sensorId, Instant.ofEpochMilli(millis), temperature, humidity, sequence, site);
  }
}
