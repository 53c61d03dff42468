package io.iotpipeline.gateway;

import com.datastax.oss.driver.api.core.CqlSession;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.Tables;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device gateway: MQTT and HTTP in, Kafka out, a reading acknowledged to the device only once
 * Kafka acknowledged it. {@link #create} opens the clients (closing what it opened if a later step
 * fails), {@link #start} binds both ports and returns once they are bound, {@link #close} stops
 * everything and may be called more than once.
 */
public final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final Duration TICK = Duration.ofSeconds(2);

  private final GatewayConfig config;
  private final KafkaForwarder kafka;
  private final DeviceAuthenticator authenticator;
  private final CqlSession session;
  private final ExecutorService authExecutor;
  private final ScheduledExecutorService timer;
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final MqttConnections connections = new MqttConnections();
  private final ReadingIntake intake = new ReadingIntake(new ReadingCodec());
  private MqttServer mqtt;
  private Javalin http;
  private boolean started;
  private boolean closed;

  private Gateway(
      GatewayConfig config,
      KafkaForwarder kafka,
      DeviceAuthenticator authenticator,
      CqlSession session,
      ExecutorService authExecutor,
      ScheduledExecutorService timer) {
    this.config = config;
    this.kafka = kafka;
    this.authenticator = authenticator;
    this.session = session;
    this.authExecutor = authExecutor;
    this.timer = timer;
  }

  /**
   * Builds the Kafka producer and, unless open, connects to Cassandra for the {@code devices}
   * table. Nothing listens before {@link #start}.
   */
  public static Gateway create(GatewayConfig config, Clock clock) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      KafkaForwarder kafka = KafkaForwarder.create(config.kafka(), config.maxInFlight());
      opened.add(kafka);
      CqlSession session = null;
      DeviceAuthenticator authenticator;
      if (config.open()) {
        authenticator = DeviceAuthenticator.open();
      } else {
        session = CassandraSessions.open(config.cassandra());
        opened.add(session);
        if (session
            .getMetadata()
            .getKeyspace(config.cassandra().keyspace())
            .flatMap(keyspace -> keyspace.getTable(Tables.DEVICES.name()))
            .isEmpty()) {
          throw new IllegalStateException(
              "no table "
                  + Tables.DEVICES.in(config.cassandra().keyspace())
                  + ": bring the schema up to date first (./iot setup)");
        }
        DeviceRegistry registry =
            new DeviceRegistry(
                session,
                config.cassandra().keyspace(),
                new DeviceCredentials(new SecureRandom()),
                clock);
        authenticator = DeviceAuthenticator.against(registry, config.authCache(), clock);
      }
      return assemble(config, kafka, authenticator, session);
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  /** The gateway around clients made elsewhere (tests give a mock producer); it owns them. */
  static Gateway assemble(
      GatewayConfig config,
      KafkaForwarder kafka,
      DeviceAuthenticator authenticator,
      CqlSession session) {
    AtomicInteger authThreads = new AtomicInteger();
    // Credential checks wait for Cassandra: a few threads so a slow read holds up few connects.
    ExecutorService authExecutor =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread =
                  new Thread(runnable, "iot-gateway-auth-" + authThreads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "iot-gateway-timer");
              thread.setDaemon(true);
              return thread;
            });
    return new Gateway(config, kafka, authenticator, session, authExecutor, timer);
  }

  /**
   * Binds the MQTT and HTTP ports. Kafka need not be up: until it is, devices get no
   * acknowledgements (a warning says so).
   *
   * @throws IllegalStateException if a port is taken or not bound within the start timeout
   */
  public synchronized Gateway start() {
    if (started) {
      return this;
    }
    if (closed) {
      throw new IllegalStateException("gateway closed");
    }
    started = true;
    try {
      kafka.warmUp(Duration.ofSeconds(Math.min(5, config.startTimeout().toSeconds())));
      mqtt =
          MqttServer.bind(
              config.host(),
              config.mqttPort(),
              config.startTimeout(),
              intake,
              kafka,
              authenticator,
              authExecutor,
              metrics,
              connections);
      http = new ReadingsHttp(intake, kafka, authenticator, metrics).app();
      try {
        http.start(config.host(), config.httpPort());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "cannot listen for HTTP on "
                + config.host()
                + ":"
                + config.httpPort()
                + ": "
                + e.getMessage()
                + " (port in use?)",
            e);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    long tick = TICK.toMillis();
    timer.scheduleAtFixedRate(
        () -> metrics.tick(System.nanoTime()), tick, tick, TimeUnit.MILLISECONDS);
    if (!authenticator.isOpen()) {
      long sweep = Math.max(1000, authenticator.cachePeriod().toMillis() / 2);
      timer.scheduleAtFixedRate(
          () -> authExecutor.execute(() -> connections.sweep(authenticator)),
          sweep,
          sweep,
          TimeUnit.MILLISECONDS);
    }
    log.info(
        "Gateway listening: MQTT {}:{}, HTTP http://{}:{}/ ({}), Kafka {} topic {}",
        config.host(),
        mqttPort(),
        config.host(),
        httpPort(),
        authenticator.isOpen() ? "open: any device" : "devices authenticated",
        config.kafka().bootstrap(),
        config.kafka().topic());
    return this;
  }

  public int mqttPort() {
    return mqtt.port();
  }

  public int httpPort() {
    return http.port();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** One line for {@code ./iot status}. */
  public String summary() {
    return metrics.summary(kafka);
  }

  /** Closes the listeners and connections, then gives Kafka up to 10 s for what is in flight. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.shutdownNow();
    if (http != null) {
      http.stop();
    }
    if (mqtt != null) {
      mqtt.close();
    }
    authExecutor.shutdownNow();
    kafka.close();
    if (session != null) {
      session.close();
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
