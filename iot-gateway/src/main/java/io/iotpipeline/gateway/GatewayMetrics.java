package io.iotpipeline.gateway;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's counters, shown on {@code /metrics} (Prometheus text) and in the job summary of
 * {@code ./iot status}. Readings per second is measured between two {@link #tick}s (the gateway
 * ticks every few seconds); Prometheus users take {@code rate()} of the totals instead.
 */
public final class GatewayMetrics {

  /** A transport's counters. */
  public static final class Transport {
    final LongAdder received = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder refusedBusy = new LongAdder();
    final LongAdder failed = new LongAdder();

    /** Readings (valid or not) that arrived. */
    public long received() {
      return received.sum();
    }

    /** Valid readings Kafka acknowledged. */
    public long forwarded() {
      return forwarded.sum();
    }

    /** Invalid readings, sent to the dead-letter topic. */
    public long rejected() {
      return rejected.sum();
    }
  }

  final Transport mqtt = new Transport();
  final Transport http = new Transport();
  final AtomicInteger connections = new AtomicInteger();
  final LongAdder connects = new LongAdder();
  final LongAdder authRefused = new LongAdder();
  final LongAdder pubacks = new LongAdder();
  final LongAdder revokedDisconnects = new LongAdder();

  private long tickNanos = System.nanoTime();
  private long tickReceived;
  private volatile double readingsPerSecond;

  public Transport mqtt() {
    return mqtt;
  }

  public Transport http() {
    return http;
  }

  public int connections() {
    return connections.get();
  }

  public long pubacks() {
    return pubacks.sum();
  }

  public long authRefused() {
    return authRefused.sum();
  }

  public double readingsPerSecond() {
    return readingsPerSecond;
  }

  /** Updates readings per second since the previous tick. */
  synchronized void tick(long nowNanos) {
    long received = mqtt.received() + http.received();
    double seconds = (nowNanos - tickNanos) / 1e9;
    if (seconds > 0) {
      readingsPerSecond = (received - tickReceived) / seconds;
    }
    tickNanos = nowNanos;
    tickReceived = received;
  }

  /** One line for {@code ./iot status}. */
  String summary(KafkaForwarder kafka) {
    return String.format(
        Locale.ROOT,
        "%d connections, %.0f readings/s, %,d forwarded, %,d PUBACKs, %,d rejected to DLQ, buffer"
            + " %d/%d%s",
        connections(),
        readingsPerSecond,
        mqtt.forwarded() + http.forwarded(),
        pubacks(),
        mqtt.rejected() + http.rejected(),
        kafka.inFlight(),
        kafka.capacity(),
        kafka.unavailable() ? ", Kafka unavailable" : "");
  }

  /** The Prometheus text exposition. */
  String prometheus(KafkaForwarder kafka) {
    StringBuilder out = new StringBuilder(2048);
    gauge(out, "iot_gateway_connections", "Open MQTT connections.", connections());
    counter(out, "iot_gateway_mqtt_connects_total", "MQTT connections accepted.", connects.sum());
    counter(
        out,
        "iot_gateway_auth_refused_total",
        "MQTT connections and HTTP requests refused: unknown, revoked or wrong secret.",
        authRefused());
    counter(
        out,
        "iot_gateway_revoked_disconnects_total",
        "Connected MQTT devices cut off after a revocation.",
        revokedDisconnects.sum());
    perTransport(out, "received", "Readings that arrived, valid or not.", t -> t.received());
    perTransport(out, "forwarded", "Valid readings Kafka acknowledged.", t -> t.forwarded());
    perTransport(
        out, "rejected", "Invalid readings sent to the dead-letter topic.", Transport::rejected);
    perTransport(
        out,
        "refused_busy",
        "Readings refused because the buffer was full (MQTT: connection closed; HTTP: 429/503).",
        t -> t.refusedBusy.sum());
    perTransport(
        out,
        "failed",
        "Readings Kafka did not acknowledge in time (not acknowledged to the device).",
        t -> t.failed.sum());
    counter(out, "iot_gateway_pubacks_total", "QoS 1 PUBACKs sent (after Kafka's ack).", pubacks());
    gauge(
        out,
        "iot_gateway_readings_per_second",
        "Readings received per second over the last interval.",
        readingsPerSecond);
    gauge(
        out,
        "iot_gateway_buffer_in_flight",
        "Records sent to Kafka and not yet acknowledged.",
        kafka.inFlight());
    gauge(out, "iot_gateway_buffer_capacity", "gateway.max-in-flight.", kafka.capacity());
    gauge(
        out,
        "iot_gateway_kafka_available",
        "1 unless the newest Kafka send failed.",
        kafka.unavailable() ? 0 : 1);
    return out.toString();
  }

  private interface Count {
    long of(Transport transport);
  }

  private void perTransport(StringBuilder out, String name, String help, Count count) {
    String metric = "iot_gateway_readings_" + name + "_total";
    out.append("# HELP ").append(metric).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(metric).append(" counter\n");
    out.append(metric).append("{transport=\"mqtt\"} ").append(count.of(mqtt)).append('\n');
    out.append(metric).append("{transport=\"http\"} ").append(count.of(http)).append('\n');
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ');
    if (value == Math.rint(value)) {
      out.append((long) value);
    } else {
      out.append(String.format(Locale.ROOT, "%.3f", value));
    }
    out.append('\n');
  }
}
