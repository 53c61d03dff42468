package io.iotpipeline.chaos;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.model.SensorDay;
import io.iotpipeline.model.Tables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Checks the streaming job's minute aggregates against a recomputation from {@code sensor_data}
 * done here, by code that shares nothing with the Spark aggregation: per sensor and minute, the
 * count, min, max and mean of temperature and humidity. Also tells, from the job's checkpoint, how
 * far the aggregates query has read.
 */
final class StreamAudit {
  private StreamAudit() {}

  /** sensor_data holds floats, the job aggregates the JSON's doubles: a float's rounding apart. */
  private static final double TOLERANCE = 1e-3;

  private static final long MINUTE = 60_000;

  /** The result: windows compared, and the ones that differ, with a few described. */
  record Result(long windows, long mismatched, List<String> samples) {}

  /** Per minute window of one sensor: count, min, max, sum of both values. */
  private static final class Window {
    long count;
    double temperatureMin = Double.MAX_VALUE;
    double temperatureMax = -Double.MAX_VALUE;
    double temperatureSum;
    double humidityMin = Double.MAX_VALUE;
    double humidityMax = -Double.MAX_VALUE;
    double humiditySum;

    void add(double temperature, double humidity) {
      count++;
      temperatureMin = Math.min(temperatureMin, temperature);
      temperatureMax = Math.max(temperatureMax, temperature);
      temperatureSum += temperature;
      humidityMin = Math.min(humidityMin, humidity);
      humidityMax = Math.max(humidityMax, humidity);
      humiditySum += humidity;
    }
  }

  static Result compare(CqlSession session, String keyspace, Workload workload) {
    PreparedStatement raw =
        session.prepare(
            "SELECT timestamp, temperature, humidity FROM "
                + Tables.SENSOR_DATA.in(keyspace)
                + " WHERE sensor_id = ? AND day = ?");
    PreparedStatement minutes =
        session.prepare(
            "SELECT window_start, readings, temperature_min, "
                + "temperature_max, temperature_avg, humidity_min, humidity_max, humidity_avg FROM "
                + Tables.SENSOR_AGG_MINUTE.in(keyspace)
                + " WHERE sensor_id = ? AND day = ?");
    long windows = 0;
    long mismatched = 0;
    List<String> samples = new ArrayList<>();
    for (SensorDay partition : workload.partitions()) {
      Map<Long, Window> expected = new HashMap<>();
      for (Row row : session.execute(bind(raw, partition))) {
        long start = Math.floorDiv(row.getInstant(0).toEpochMilli(), MINUTE) * MINUTE;
        expected.computeIfAbsent(start, s -> new Window()).add(row.getFloat(1), row.getFloat(2));
      }
      for (Row row : session.execute(bind(minutes, partition))) {
        long start = row.getInstant(0).toEpochMilli();
        Window window = expected.remove(start);
        windows++;
        String difference = window == null ? "no readings in sensor_data" : difference(window, row);
        if (difference != null) {
          mismatched++;
          describe(samples, partition, start, difference);
        }
      }
      for (Long start : expected.keySet()) {
        windows++;
        mismatched++;
        describe(samples, partition, start, "missing from sensor_agg_minute");
      }
    }
    return new Result(windows, mismatched, List.copyOf(samples));
  }

  private static BoundStatement bind(PreparedStatement statement, SensorDay partition) {
    return statement
        .bind(partition.sensorId(), partition.day())
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
        .setPageSize(5000);
  }

  private static String difference(Window expected, Row row) {
    if (row.getLong(1) != expected.count) {
      return "readings " + row.getLong(1) + ", recomputed " + expected.count;
    }
    double[][] pairs = {
      {row.getDouble(2), expected.temperatureMin},
      {row.getDouble(3), expected.temperatureMax},
      {row.getDouble(4), expected.temperatureSum / expected.count},
      {row.getDouble(5), expected.humidityMin},
      {row.getDouble(6), expected.humidityMax},
      {row.getDouble(7), expected.humiditySum / expected.count}
    };
    String[] names = {
      "temperature_min",
      "temperature_max",
      "temperature_avg",
      "humidity_min",
      "humidity_max",
      "humidity_avg"
    };
    for (int i = 0; i < pairs.length; i++) {
      if (!(Math.abs(pairs[i][0] - pairs[i][1]) <= TOLERANCE)) {
        return names[i] + " " + pairs[i][0] + ", recomputed " + pairs[i][1];
      }
    }
    return null;
  }

  private static void describe(List<String> samples, SensorDay partition, long start, String what) {
    if (samples.size() < 5) {
      samples.add(
          "sensor "
              + partition.sensorId()
              + " minute "
              + Instant.ofEpochMilli(start)
              + ": "
              + what);
    }
  }

  /**
   * The offsets the aggregates query has finished, summed over partitions, from its checkpoint: the
   * newest batch in {@code commits/} and that batch's line in {@code offsets/}. Empty before the
   * first batch completes.
   */
  static OptionalLong committedOffsets(Path queryCheckpoint, String topic) {
    Path commits = queryCheckpoint.resolve("commits");
    if (!Files.isDirectory(commits)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.list(commits)) {
      OptionalLong newest =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> name.matches("\\d+"))
              .mapToLong(Long::parseLong)
              .max();
      if (newest.isEmpty()) {
        return OptionalLong.empty();
      }
      List<String> lines =
          Files.readAllLines(
              queryCheckpoint.resolve("offsets").resolve(Long.toString(newest.getAsLong())),
              StandardCharsets.UTF_8);
      JsonNode offsets = new ObjectMapper().readTree(lines.get(lines.size() - 1)).path(topic);
      long sum = 0;
      for (Iterator<JsonNode> partitions = offsets.elements(); partitions.hasNext(); ) {
        sum += partitions.next().asLong();
      }
      return OptionalLong.of(sum);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty(); // a batch being written: look again later
    }
  }
}
