package io.iotpipeline.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.iotpipeline.model.Tables;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code devices} table: one row per device allowed to send readings, with its credential
 * hashed ({@link DeviceCredentials}) and a revoked flag. A device's id is the sensor id it sends
 * for: MQTT username {@code 42} publishes to {@code sensors/42}.
 */
public final class DeviceRegistry implements DeviceAuthenticator.Lookup {

  /** A device as listed: never its credential. */
  public record Device(int deviceId, boolean revoked, Instant createdAt, Instant revokedAt) {}

  /** What authentication needs of a row. */
  record StoredDevice(int deviceId, String secretHash, boolean revoked) {}

  /** A device just added, with the secret that is shown once. */
  public record Added(int deviceId, String secret) {
    @Override
    public String toString() {
      return "Added[deviceId=" + deviceId + ", secret=(hidden)]";
    }
  }

  private final CqlSession session;
  private final DeviceCredentials credentials;
  private final Clock clock;
  private final PreparedStatement insert;
  private final PreparedStatement revoke;
  private final PreparedStatement find;
  private final String table;

  /**
   * @param session a session (any keyspace)
   * @param keyspace the pipeline keyspace, migrated to a version with the {@code devices} table
   */
  public DeviceRegistry(
      CqlSession session, String keyspace, DeviceCredentials credentials, Clock clock) {
    this.session = session;
    this.credentials = credentials;
    this.clock = clock;
    this.table = Tables.DEVICES.in(keyspace);
    this.insert =
        session.prepare(
            "INSERT INTO "
                + table
                + " (device_id, secret_hash, revoked, created_at) VALUES (?, ?, false, ?)"
                + " IF NOT EXISTS");
    this.revoke =
        session.prepare(
            "UPDATE "
                + table
                + " SET revoked = true, revoked_at = ? WHERE device_id = ? IF EXISTS");
    this.find =
        session.prepare(
            "SELECT device_id, secret_hash, revoked FROM " + table + " WHERE device_id = ?");
  }

  /**
   * Adds a device with a new secret.
   *
   * @throws IllegalArgumentException if the device exists already (revoked or not)
   */
  public Added add(int deviceId) {
    if (deviceId < 0) {
      throw new IllegalArgumentException("a device id is a sensor id, >= 0; got " + deviceId);
    }
    String secret = credentials.newSecret();
    boolean applied =
        session
            .execute(insert.bind(deviceId, credentials.hash(secret), clock.instant()))
            .wasApplied();
    if (!applied) {
      throw new IllegalArgumentException("device " + deviceId + " exists already");
    }
    return new Added(deviceId, secret);
  }

  /**
   * @return false if there is no such device
   */
  public boolean revoke(int deviceId) {
    return session.execute(revoke.bind(clock.instant(), deviceId)).wasApplied();
  }

  /** Every device, by id (a full scan: the table holds one row per device). */
  public List<Device> list() {
    List<Device> devices = new ArrayList<>();
    for (Row row :
        session.execute("SELECT device_id, revoked, created_at, revoked_at FROM " + table)) {
      devices.add(
          new Device(
              row.getInt("device_id"),
              row.getBoolean("revoked"),
              row.getInstant("created_at"),
              row.getInstant("revoked_at")));
    }
    devices.sort(Comparator.comparingInt(Device::deviceId));
    return devices;
  }

  @Override
  public Optional<StoredDevice> find(int deviceId) {
    Row row = session.execute(find.bind(deviceId)).one();
    return row == null
        ? Optional.empty()
        : Optional.of(
            new StoredDevice(
                row.getInt("device_id"), row.getString("secret_hash"), row.getBoolean("revoked")));
  }
}
