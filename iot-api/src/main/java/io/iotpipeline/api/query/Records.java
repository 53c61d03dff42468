package io.iotpipeline.api.query;

import java.time.Instant;
import java.util.List;

/** The shapes the query endpoints answer with (JSON, snake_case). */
public final class Records {
  private Records() {}

  // Temperatures and humidities stay floats, as stored: JSON then shows them as written (21.3,
  // not 21.299999237060547) with no conversion on the way.

  /** The latest reading of one sensor ({@code sensor_latest}). */
  public record LatestReading(
      int sensorId, Instant timestamp, float temperature, float humidity, Long seq, String site) {}

  /** One raw reading ({@code sensor_data}). */
  public record Reading(
      Instant timestamp,
      float temperature,
      float humidity,
      Long seq,
      String site,
      Instant ingestedAt) {}

  /**
   * A page of raw readings, newest first. {@code next} is the query string of the following page
   * (same range, ending before the oldest reading here), or null when this is the last page.
   */
  public record ReadingsPage(
      int sensorId,
      Instant from,
      Instant to,
      int limit,
      int count,
      List<Reading> readings,
      String next) {}

  /** One alert ({@code sensor_alerts} / {@code sensor_alerts_by_day}). */
  public record Alert(
      int sensorId, Instant ts, String rule, double value, double limitValue, String detail) {}

  /**
   * A chart series in columns (what uPlot draws), oldest first. For rollups {@code temperature} and
   * {@code humidity} are averages and min/max give the band; for raw readings min = max.
   */
  public record Series(
      int sensorId,
      String resolution,
      boolean automatic,
      boolean fallback,
      Instant from,
      Instant to,
      long estimatedPoints,
      boolean truncated,
      int count,
      long[] t,
      double[] temperature,
      double[] humidity,
      double[] temperatureMin,
      double[] temperatureMax,
      long[] readings) {}
}
