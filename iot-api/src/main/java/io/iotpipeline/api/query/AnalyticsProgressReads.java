package io.iotpipeline.api.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.model.Tables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * How far the streaming job has got, from what it wrote: two single-partition reads for a status
 * display ({@code ./iot demo}). Statements are built per call, not prepared up front, so a status
 * caller can be created before the analytics tables answer.
 */
public final class AnalyticsProgressReads {

  private final CqlSession session;
  private final String keyspace;

  public AnalyticsProgressReads(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  /** The start of the newest minute window of one sensor on one UTC day, if there is one. */
  public Optional<Instant> latestMinuteWindow(int sensorId, LocalDate day) {
    Row minute =
        session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT window_start FROM "
                        + Tables.SENSOR_AGG_MINUTE.in(keyspace)
                        + " WHERE sensor_id = ? AND day = ? LIMIT 1",
                    sensorId,
                    day))
            .one();
    return Optional.ofNullable(minute).map(row -> row.getInstant(0));
  }

  /** How many alerts the fleet raised on one UTC day. */
  public long alertsOn(LocalDate day) {
    return session
        .execute(
            SimpleStatement.newInstance(
                "SELECT COUNT(*) FROM "
                    + Tables.SENSOR_ALERTS_BY_DAY.in(keyspace)
                    + " WHERE day = ?",
                day))
        .one()
        .getLong(0);
  }
}
