package io.iotpipeline.api.query;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.api.query.Records.Alert;
import io.iotpipeline.model.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Alerts, newest first: of one sensor from {@code sensor_alerts} (one partition), of the whole
 * fleet from {@code sensor_alerts_by_day} (one partition per UTC day of the range).
 */
public final class AlertReads {

  private static final String COLUMNS = "sensor_id, ts, rule, value, limit_value, detail";

  private final CqlSession session;
  private final PreparedStatement ofSensor;
  private final PreparedStatement ofDay;

  public AlertReads(CqlSession session, String keyspace) {
    this.session = session;
    this.ofSensor =
        session.prepare(
            "SELECT "
                + COLUMNS
                + " FROM "
                + Tables.SENSOR_ALERTS.in(keyspace)
                + " WHERE sensor_id = ? AND ts >= ? AND ts <= ? LIMIT ?");
    this.ofDay =
        session.prepare(
            "SELECT "
                + COLUMNS
                + " FROM "
                + Tables.SENSOR_ALERTS_BY_DAY.in(keyspace)
                + " WHERE day = ? AND ts >= ? AND ts <= ? LIMIT ?");
  }

  public List<Alert> ofSensor(int sensorId, TimeRange range, int limit) {
    List<Alert> alerts = new ArrayList<>();
    fill(alerts, ofSensor.bind(sensorId, range.from(), range.to(), limit));
    return alerts;
  }

  public List<Alert> ofFleet(TimeRange range, int limit) {
    List<Alert> alerts = new ArrayList<>();
    for (LocalDate day : new DayPartitions(range)) {
      fill(alerts, ofDay.bind(day, range.from(), range.to(), limit - alerts.size()));
      if (alerts.size() >= limit) {
        break;
      }
    }
    return alerts;
  }

  private void fill(List<Alert> alerts, BoundStatement statement) {
    for (Row row : session.execute(statement)) {
      alerts.add(
          new Alert(
              row.getInt(0),
              row.getInstant(1),
              row.getString(2),
              row.getDouble(3),
              row.getDouble(4),
              row.getString(5)));
    }
  }
}
