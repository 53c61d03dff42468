package io.iotpipeline.api.query;

import io.iotpipeline.api.ApiException;
import io.iotpipeline.model.Tables;
import java.time.Duration;
import java.util.Locale;

/** The tables a series can come from, finest first, with the time one point covers. */
public enum Resolution {
  RAW(Duration.ZERO, Tables.SENSOR_DATA.name()),
  MINUTE(Duration.ofMinutes(1), Tables.SENSOR_AGG_MINUTE.name()),
  HOUR(Duration.ofHours(1), Tables.SENSOR_AGG_HOUR.name()),
  DAY(Duration.ofDays(1), Tables.SENSOR_AGG_DAY.name());

  private final Duration step;
  private final String table;

  Resolution(Duration step, String table) {
    this.step = step;
    this.table = table;
  }

  /** Time covered by one point; zero for raw readings (one point per reading). */
  public Duration step() {
    return step;
  }

  public String table() {
    return table;
  }

  /** The next finer resolution, or this one when it is already raw. */
  public Resolution finer() {
    return this == RAW ? RAW : values()[ordinal() - 1];
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code raw|minute|hour|day}; {@code auto} (or absent) gives null: let the planner
   * choose.
   */
  public static Resolution parseOrAuto(String text) {
    if (text == null || text.isBlank() || text.equalsIgnoreCase("auto")) {
      return null;
    }
    for (Resolution resolution : values()) {
      if (resolution.label().equalsIgnoreCase(text.trim())) {
        return resolution;
      }
    }
    throw ApiException.badRequest(
        "resolution must be one of auto, raw, minute, hour, day; got '" + text + "'");
  }
}
