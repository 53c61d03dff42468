package io.iotpipeline.api.pipeline;

import io.iotpipeline.clients.jobs.ConsumerLag;
import io.iotpipeline.config.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples Kafka offsets every few seconds in the background, so that stats and metrics requests
 * answer from memory and the rates are comparable across processes: the ingest group's committed
 * offsets measure ingest wherever the ingester runs.
 */
public final class KafkaSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaSampler.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  private final KafkaSettings kafka;
  private final String ingestGroup;
  private final Clock clock;
  private final Admin admin;
  private final ScheduledExecutorService scheduler;
  private volatile KafkaSample latest;
  private boolean closed;

  public KafkaSampler(KafkaSettings kafka, String ingestGroup, Clock clock) {
    this.kafka = kafka;
    this.ingestGroup = ingestGroup;
    this.clock = clock;
    Properties properties = new Properties();
    properties.putAll(kafka.clientConfig());
    // Short timeouts: a sample that cannot finish in a few seconds is reported as "unreachable".
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "iot-api-sampler");
    this.admin = Admin.create(properties);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "kafka-sampler");
              thread.setDaemon(true);
              return thread;
            });
    this.latest = KafkaSample.unknown(clock.instant(), "not sampled yet");
  }

  public void start(Duration interval) {
    scheduler.scheduleWithFixedDelay(
        this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public KafkaSample latest() {
    return latest;
  }

  /** Takes a sample now (also what the background task does). */
  public KafkaSample sample() {
    try {
      ConsumerLag.Position readings = readingsPosition();
      KafkaSample sample =
          KafkaSample.following(
              latest,
              clock.instant(),
              readings.end(),
              readings.committed(),
              readings.lag(),
              recordsIn(kafka.dlqTopic()),
              recordsIn(kafka.alertsTopic()));
      latest = sample;
      return sample;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      KafkaSample failed = KafkaSample.unknown(clock.instant(), cause.toString());
      latest = failed;
      return failed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return latest;
    }
  }

  /** True when the broker answers a metadata request within the timeout. */
  public boolean reachable() {
    try {
      return !admin
          .describeCluster()
          .nodes()
          .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void sampleQuietly() {
    KafkaSample sample = sample();
    if (!sample.reachable()) {
      log.debug("Kafka sample failed: {}", sample.error());
    }
  }

  /** The ingest group on the readings topic; a missing topic has produced nothing. */
  private ConsumerLag.Position readingsPosition()
      throws ExecutionException, InterruptedException, TimeoutException {
    try {
      return ConsumerLag.position(admin, ingestGroup, kafka.topic(), CALL_TIMEOUT);
    } catch (ExecutionException e) {
      if (ConsumerLag.isMissingTopic(e)) {
        return new ConsumerLag.Position(0, -1, -1);
      }
      throw e;
    }
  }

  /** Records currently held (end - start); a missing topic holds none. */
  private long recordsIn(String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    try {
      return ConsumerLag.messages(admin, topic, CALL_TIMEOUT);
    } catch (ExecutionException e) {
      if (ConsumerLag.isMissingTopic(e)) {
        return 0;
      }
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
