package io.iotpipeline.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ReadingParserTest {

  private static Dataset<Row> kafkaValues(String... json) {
    List<byte[]> values =
        java.util.Arrays.stream(json)
            .map(s -> s == null ? null : s.getBytes(StandardCharsets.UTF_8))
            .toList();
    return LocalSpark.session().createDataset(values, Encoders.BINARY()).toDF("value");
  }

  @Test
  void decodesTheWireFormatIntoSensorDataColumns() {
    Dataset<Row> decoded =
        ReadingParser.decodeAll(
            kafkaValues(
                "{\"sensor_id\":42,\"timestamp\":1732780000.123,\"temperature\":21.5,\"humidity\":55.0,"
                    + "\"v\":1,\"seq\":17,\"site\":\"site-3\"}"));

    Row row = ReadingParser.valid(decoded).collectAsList().get(0);

    assertThat(row.<Integer>getAs("sensor_id")).isEqualTo(42);
    assertThat(row.<java.sql.Timestamp>getAs("timestamp").toInstant().toEpochMilli())
        .isEqualTo(1732780000123L);
    assertThat(row.<Double>getAs("temperature")).isEqualTo(21.5);
    assertThat(row.<Double>getAs("humidity")).isEqualTo(55.0);
    assertThat(row.<Long>getAs("seq")).isEqualTo(17L);
    assertThat(row.<String>getAs("site")).isEqualTo("site-3");
    assertThat(row.<java.sql.Date>getAs("day").toString()).isEqualTo("2024-11-28");
  }

  @Test
  void acceptsTheOriginalFormatAndIsoTimestampsLikeIngestDoes() {
    Dataset<Row> decoded =
        ReadingParser.decodeAll(
            kafkaValues(
                "{\"sensor_id\":1,\"timestamp\":1732780000,\"temperature\":20,\"humidity\":50}",
                "{\"sensor_id\":2,\"timestamp\":\"2024-11-28T07:46:40Z\",\"temperature\":20,\"humidity\":50}"));

    List<Row> valid = ReadingParser.valid(decoded).orderBy("sensor_id").collectAsList();

    assertThat(valid).hasSize(2);
    assertThat(valid.get(0).<Long>getAs("seq")).isEqualTo(-1L);
    assertThat(valid.get(1).<java.sql.Timestamp>getAs("timestamp").toInstant())
        .isEqualTo(java.time.Instant.parse("2024-11-28T07:46:40Z"));
  }

  @Test
  void separatesInvalidRecordsWithTheirReason() {
    Dataset<Row> decoded =
        ReadingParser.decodeAll(
            kafkaValues(
                "{\"sensor_id\":1,\"timestamp\":1732780000,\"temperature\":20,\"humidity\":50}",
                "not json",
                "{\"sensor_id\":1,\"timestamp\":1732780000,\"temperature\":999,\"humidity\":50}",
                "{\"sensor_id\":1,\"temperature\":20,\"humidity\":50}",
                null));

    List<String> reasons = ReadingParser.invalid(decoded).as(Encoders.STRING()).collectAsList();

    assertThat(ReadingParser.valid(decoded).count()).isEqualTo(1);
    assertThat(reasons).hasSize(4);
    assertThat(reasons).anyMatch(r -> r.contains("temperature"));
    assertThat(reasons).anyMatch(r -> r.contains("timestamp"));
    assertThat(reasons).contains("empty record");
  }
}
