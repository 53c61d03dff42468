package io.iotpipeline.analytics;

import static io.iotpipeline.analytics.LocalSpark.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

class MinuteAggregatesTest {

  @Test
  void aggregatesEachSensorPerMinute() {
    List<Row> rows =
        MinuteAggregates.of(
                LocalSpark.readings(
                    List.of(
                        reading(1, "2026-11-28T10:00:05Z", 20.0, 50.0),
                        reading(1, "2026-11-28T10:00:35Z", 22.0, 54.0),
                        reading(1, "2026-11-28T10:00:59.999Z", 24.0, 52.0),
                        reading(1, "2026-11-28T10:01:00Z", 30.0, 40.0),
                        reading(2, "2026-11-28T10:00:10Z", 10.0, 90.0))))
            .orderBy("sensor_id", "window_start")
            .collectAsList();

    assertThat(rows).hasSize(3);
    Row first = rows.get(0);
    assertThat(first.<Integer>getAs("sensor_id")).isEqualTo(1);
    assertThat(first.<java.sql.Timestamp>getAs("window_start").toInstant())
        .isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(first.<java.sql.Date>getAs("day").toString()).isEqualTo("2026-11-28");
    assertThat(first.<Long>getAs("readings")).isEqualTo(3L);
    assertThat(first.<Double>getAs("temperature_min")).isEqualTo(20.0);
    assertThat(first.<Double>getAs("temperature_max")).isEqualTo(24.0);
    assertThat(first.<Double>getAs("temperature_avg")).isCloseTo(22.0, within(1e-9));
    assertThat(first.<Double>getAs("humidity_avg")).isCloseTo(52.0, within(1e-9));
    assertThat(rows.get(1).<Long>getAs("readings")).isEqualTo(1L);
    assertThat(rows.get(2).<Integer>getAs("sensor_id")).isEqualTo(2);
    assertThat(List.of(rows.get(0).schema().fieldNames()))
        .containsExactly(MinuteAggregates.COLUMNS);
  }

  @Test
  void streamingCountsReadingsOlderThanTheWatermarkInsteadOfAggregatingThem() throws Exception {
    var spark = LocalSpark.session();
    MemoryStream<byte[]> input =
        new MemoryStream<>(1, spark.sqlContext(), Option.empty(), Encoders.BINARY());
    StreamingQuery query =
        MinuteAggregates.streaming(
                ReadingParser.valid(ReadingParser.decodeAll(input.toDF())), Duration.ofSeconds(10))
            .writeStream()
            .format("memory")
            .queryName("minute_aggregates_test")
            .outputMode("update")
            .start();
    try {
      input.addData(
          CollectionConverters.asScala(
              List.of(json(7, "2026-11-28T10:00:05Z", 20), json(7, "2026-11-28T10:00:40Z", 22))));
      query.processAllAvailable();
      // Moves event time to 10:03:00, so the watermark becomes 10:02:50 after this batch.
      input.addData(CollectionConverters.asScala(List.of(json(7, "2026-11-28T10:03:00Z", 25))));
      query.processAllAvailable();
      // 10:00:30 belongs to a window that ended before the watermark: too late.
      input.addData(
          CollectionConverters.asScala(
              List.of(json(7, "2026-11-28T10:00:30Z", 99), json(7, "2026-11-28T10:03:10Z", 26))));
      query.processAllAvailable();

      long dropped = 0;
      // Every batch's progress: a no-data batch that evicts state may follow the late one.
      for (var progress : query.recentProgress()) {
        for (var operator : progress.stateOperators()) {
          dropped += operator.numRowsDroppedByWatermark();
        }
      }
      assertThat(dropped).isEqualTo(1);
      List<Row> first =
          spark
              .sql(
                  "SELECT * FROM minute_aggregates_test"
                      + " WHERE window_start = TIMESTAMP '2026-11-28 10:00:00'")
              .collectAsList();
      assertThat(first)
          .isNotEmpty()
          .allSatisfy(row -> assertThat(row.<Double>getAs("temperature_max")).isEqualTo(22.0));
    } finally {
      query.stop();
    }
  }

  private static byte[] json(int sensor, String isoTime, double temperature) {
    double seconds = Instant.parse(isoTime).toEpochMilli() / 1000.0;
    return ("{\"sensor_id\":"
            + sensor
            + ",\"timestamp\":"
            + seconds
            + ",\"temperature\":"
            + temperature
            + ",\"humidity\":50}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
