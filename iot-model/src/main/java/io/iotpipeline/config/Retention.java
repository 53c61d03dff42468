package io.iotpipeline.config;

import io.iotpipeline.model.Tables;
import io.iotpipeline.model.Tables.Table;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How long each tier of data is kept: the {@code retention.*} settings, applied as the tables'
 * {@code default_time_to_live} by the schema migrator and honoured by the API's choice of tier. A
 * zero duration is {@code forever} (no TTL). A TTL counts from the write, not from the event time:
 * a backfill of old readings keeps them for the full retention from the day it ran.
 *
 * @param raw readings in {@code sensor_data}, and the alerts (they are kept as long as the readings
 *     that raised them); {@code cassandra.ttl} is its older name
 * @param minute {@code sensor_agg_minute}
 * @param hour {@code sensor_agg_hour}
 * @param day {@code sensor_agg_day}
 */
public record Retention(Duration raw, Duration minute, Duration hour, Duration day) {

  /** Cassandra refuses a TTL above 20 years (630,720,000 s). */
  public static final Duration MOST = Duration.ofSeconds(630_720_000L);

  public static final String FOREVER = "forever";

  public Retention {
    check("retention.raw", raw);
    check("retention.minute", minute);
    check("retention.hour", hour);
    check("retention.day", day);
  }

  public static Retention from(Settings settings) {
    return new Retention(
        parse(settings, "retention.raw"),
        parse(settings, "retention.minute"),
        parse(settings, "retention.hour"),
        parse(settings, "retention.day"));
  }

  /** The defaults of every tier but raw, which is given: for callers that only know a raw TTL. */
  public static Retention withRaw(Duration raw) {
    Retention defaults = from(Settings.defaults());
    return new Retention(raw, defaults.minute(), defaults.hour(), defaults.day());
  }

  /**
   * {@code forever} or {@code 0} (no expiry), else a duration such as {@code 90d} or {@code 5y}.
   */
  public static Duration parse(String key, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals(FOREVER)) {
      return Duration.ZERO;
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "setting '" + key + "' = '" + text + "' must be forever or a duration like 90d or 5y");
    }
  }

  private static Duration parse(Settings settings, String key) {
    return parse(key, settings.get(key));
  }

  private static void check(String key, Duration kept) {
    if (kept.isNegative() || kept.compareTo(MOST) > 0) {
      throw new ConfigException(
          key + " must be forever or between 1s and 20 years (Cassandra's TTL limit), got " + kept);
    }
  }

  /** True when data of the tier is never expired. */
  public static boolean isForever(Duration kept) {
    return kept.isZero();
  }

  /** Each table with a retention and the {@code default_time_to_live} it gets, in seconds. */
  public Map<Table, Long> ttlSecondsByTable() {
    Map<Table, Long> ttls = new LinkedHashMap<>();
    ttls.put(Tables.SENSOR_DATA, raw.toSeconds());
    ttls.put(Tables.SENSOR_ALERTS, raw.toSeconds());
    ttls.put(Tables.SENSOR_ALERTS_BY_DAY, raw.toSeconds());
    ttls.put(Tables.SENSOR_AGG_MINUTE, minute.toSeconds());
    ttls.put(Tables.SENSOR_AGG_HOUR, hour.toSeconds());
    ttls.put(Tables.SENSOR_AGG_DAY, day.toSeconds());
    return ttls;
  }
}
