package io.iotpipeline.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Decides whether a device may send: open (any device, the local demo) or against the {@code
 * devices} table. A device's row is remembered for the auth-cache period, so a revocation takes
 * effect within that period: new connections and HTTP requests are refused once the remembered row
 * is older than it, and connected MQTT devices are re-checked (and disconnected) as often. Checks
 * read Cassandra and may hash: call them off the network event loops. Thread-safe.
 */
public final class DeviceAuthenticator {

  /** Any device, any sensor. */
  public static final int ANY_DEVICE = -1;

  /**
   * The outcome of a check.
   *
   * @param deviceId the device (its sensor id), or {@link #ANY_DEVICE} when open
   * @param refusal why not, or null when allowed (never mentions the secret)
   */
  public record Decision(int deviceId, String refusal) {
    public boolean allowed() {
      return refusal == null;
    }

    /** True if this device may send readings of {@code sensorId}. */
    public boolean mayReport(int sensorId) {
      return deviceId == ANY_DEVICE || deviceId == sensorId;
    }

    static Decision refused(String reason) {
      return new Decision(ANY_DEVICE, reason);
    }
  }

  /** Where a device's row comes from: the {@code devices} table ({@link DeviceRegistry}). */
  interface Lookup {
    Optional<DeviceRegistry.StoredDevice> find(int deviceId);
  }

  /** The row as last read and, once verified, the digest of the secret that matched it. */
  private record Remembered(
      Optional<DeviceRegistry.StoredDevice> row, Instant readAt, byte[] verifiedDigest) {}

  private final Lookup registry;
  private final Duration cacheFor;
  private final Clock clock;
  private final ConcurrentMap<Integer, Remembered> remembered = new ConcurrentHashMap<>();

  private DeviceAuthenticator(Lookup registry, Duration cacheFor, Clock clock) {
    this.registry = registry;
    this.cacheFor = cacheFor;
    this.clock = clock;
  }

  /** Accepts every device. */
  public static DeviceAuthenticator open() {
    return new DeviceAuthenticator(null, Duration.ZERO, Clock.systemUTC());
  }

  public static DeviceAuthenticator against(
      DeviceRegistry registry, Duration cacheFor, Clock clock) {
    return new DeviceAuthenticator(registry, cacheFor, clock);
  }

  /** Against any source of rows (tests). */
  static DeviceAuthenticator against(Lookup lookup, Duration cacheFor, Clock clock) {
    return new DeviceAuthenticator(lookup, cacheFor, clock);
  }

  public boolean isOpen() {
    return registry == null;
  }

  public Duration cachePeriod() {
    return cacheFor;
  }

  /** MQTT CONNECT: the username is the device id, the password its secret. */
  public Decision checkMqtt(String username, byte[] password) {
    if (isOpen()) {
      return new Decision(ANY_DEVICE, null);
    }
    if (password == null) {
      return Decision.refused("no password");
    }
    return check(username, new String(password, StandardCharsets.UTF_8));
  }

  /** HTTP: {@code Authorization: Bearer DEVICE_ID.SECRET}. */
  public Decision checkBearer(String authorization) {
    if (isOpen()) {
      return new Decision(ANY_DEVICE, null);
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Decision.refused("missing bearer token (Authorization: Bearer DEVICE_ID.SECRET)");
    }
    String token = authorization.substring(7).trim();
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Decision.refused("malformed bearer token: expected DEVICE_ID.SECRET");
    }
    return check(token.substring(0, dot), token.substring(dot + 1));
  }

  private Decision check(String deviceText, String secret) {
    int deviceId;
    try {
      deviceId = Integer.parseInt(deviceText == null ? "" : deviceText.trim());
    } catch (NumberFormatException e) {
      return Decision.refused("unknown device");
    }
    Remembered known = current(deviceId);
    if (known.row().isEmpty()) {
      return Decision.refused("unknown device " + deviceId);
    }
    DeviceRegistry.StoredDevice row = known.row().get();
    if (row.revoked()) {
      return Decision.refused("device " + deviceId + " is revoked");
    }
    byte[] digest = DeviceCredentials.digest(secret);
    if (known.verifiedDigest() != null && Arrays.equals(known.verifiedDigest(), digest)) {
      return new Decision(deviceId, null);
    }
    if (!DeviceCredentials.matches(secret, row.secretHash())) {
      return Decision.refused("wrong secret for device " + deviceId);
    }
    remembered.put(deviceId, new Remembered(known.row(), known.readAt(), digest));
    return new Decision(deviceId, null);
  }

  /** For connected devices: false once the device is revoked or gone (as of the cache period). */
  public boolean stillAllowed(int deviceId) {
    if (isOpen() || deviceId == ANY_DEVICE) {
      return true;
    }
    Optional<DeviceRegistry.StoredDevice> row = current(deviceId).row();
    return row.isPresent() && !row.get().revoked();
  }

  private Remembered current(int deviceId) {
    Instant now = clock.instant();
    Remembered known = remembered.get(deviceId);
    if (known == null || !known.readAt().plus(cacheFor).isAfter(now)) {
      Optional<DeviceRegistry.StoredDevice> row = registry.find(deviceId);
      byte[] stillValid =
          known != null
                  && row.isPresent()
                  && known.row().isPresent()
                  && row.get().secretHash().equals(known.row().get().secretHash())
              ? known.verifiedDigest()
              : null;
      known = new Remembered(row, now, stillValid);
      remembered.put(deviceId, known);
    }
    return known;
  }
}
