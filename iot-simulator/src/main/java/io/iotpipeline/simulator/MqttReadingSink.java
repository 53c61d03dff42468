package io.iotpipeline.simulator;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.iotpipeline.model.SensorReading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Sends readings to the gateway over MQTT as devices do: each simulated sensor has its own MQTT 5
 * connection (opened at its first reading, so at most the fleet size), publishes at QoS 1 to {@code
 * sensors/{sensor_id}}, and a reading counts as acknowledged at its PUBACK, which the gateway sends
 * only after Kafka acknowledged it. At most {@code maxInFlight} publishes wait for their PUBACK at
 * once ({@link #send} blocks beyond that), so a slow gateway slows the fleet.
 *
 * <p>Errors: a failed publish is lost to this run; like {@link KafkaReadingSink}, the next send or
 * flush throws {@link SinkFailedException} (a load generator must not drop silently).
 */
public final class MqttReadingSink implements ReadingSink, AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final SimulationStats stats;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Map<Integer, Mqtt5AsyncClient> clients = new HashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private LongConsumer ackLatency = nanos -> {};
  private boolean closed;

  /**
   * @param username MQTT username, or null for an open gateway (then every sensor connects without
   *     credentials)
   */
  public MqttReadingSink(
      String host,
      int port,
      String username,
      String password,
      int maxInFlight,
      SimulationStats stats) {
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.stats = stats;
  }

  /** Receives each publish's time to PUBACK, in nanoseconds (the benchmark's latency figures). */
  public MqttReadingSink onAckLatency(LongConsumer nanos) {
    this.ackLatency = nanos;
    return this;
  }

  @Override
  public void send(SensorReading reading, byte[] value) {
    throwIfFailed();
    Mqtt5AsyncClient client = client(reading.sensorId());
    acquire();
    long sentNanos = System.nanoTime();
    client
        .publishWith()
        .topic("sensors/" + reading.sensorId())
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(value)
        .send()
        .whenComplete(
            (result, error) -> {
              if (error == null && result.getError().isEmpty()) {
                ackLatency.accept(System.nanoTime() - sentNanos);
                stats.recordAck();
              } else {
                stats.recordError();
                failure.compareAndSet(null, error != null ? error : result.getError().get());
              }
              // Released last: flush() returns once every permit is back, the stats complete.
              inFlight.release();
            });
  }

  private Mqtt5AsyncClient client(int sensorId) {
    Mqtt5AsyncClient client = clients.get(sensorId);
    if (client == null) {
      client =
          MqttClient.builder()
              .useMqttVersion5()
              .identifier("iot-simulator-" + sensorId)
              .serverHost(host)
              .serverPort(port)
              .buildAsync();
      try {
        var connect = client.connectWith().keepAlive(30);
        if (username != null) {
          connect
              .simpleAuth()
              .username(username)
              .password(password.getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth();
        }
        connect.send().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new SinkFailedException(
            "cannot connect sensor "
                + sensorId
                + " to the MQTT gateway at "
                + host
                + ":"
                + port
                + ": "
                + rootMessage(e),
            e);
      }
      clients.put(sensorId, client);
    }
    return client;
  }

  private void acquire() {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkFailedException("interrupted while waiting for PUBACKs", e);
    }
  }

  /** Waits until every publish so far has its PUBACK (or failed). */
  @Override
  public void flush() {
    try {
      if (!inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
        throw new SinkFailedException("PUBACKs still missing after 60 s", null);
      }
      inFlight.release(maxInFlight);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throwIfFailed();
  }

  public int connections() {
    return clients.size();
  }

  private void throwIfFailed() {
    Throwable cause = failure.get();
    if (cause != null) {
      throw new SinkFailedException(
          "a reading was not acknowledged by the MQTT gateway: " + rootMessage(cause), cause);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.toString();
  }

  /** Disconnects every sensor. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Mqtt5AsyncClient client : clients.values()) {
      try {
        client.disconnect().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the gateway went away first: nothing left to close
      }
    }
  }
}
