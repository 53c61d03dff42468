package io.iotpipeline.chaos;

import io.iotpipeline.clients.jobs.ConsumerLag;
import io.iotpipeline.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Watches the ingester from outside, as an operator would: every half second, the consumer group's
 * committed offsets and the topic's end offsets. The committed offsets advance only once rows are
 * stored, so their rate is the ingest rate; a sample that times out (a broker down or hung) is
 * simply missing.
 */
final class IngestMonitor implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofMillis(500);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  /** One look: at {@code nanos} (System.nanoTime), the group had committed {@code committed}. */
  record Sample(long nanos, long committed, long end) {
    long lag() {
      return Math.max(0, end - committed);
    }
  }

  private final Admin admin;
  private final String group;
  private final String topic;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "chaos-ingest-monitor");
            thread.setDaemon(true);
            return thread;
          });

  IngestMonitor(KafkaSettings kafka, String group, String topic) {
    // Calls fail within the sampling budget: a broker restarting after a crash accepts
    // connections and answers nothing, which the default 30 s request timeout would wait out.
    Map<String, Object> config = kafka.clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    this.admin = Admin.create(config);
    this.group = group;
    this.topic = topic;
  }

  void start() {
    sampler.scheduleWithFixedDelay(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      ConsumerLag.Position position = ConsumerLag.position(admin, group, topic, CALL_TIMEOUT);
      Sample sample =
          new Sample(System.nanoTime(), Math.max(0, position.committed()), position.end());
      synchronized (samples) {
        samples.add(sample);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // No sample this time: Kafka is down or hung, which is what a fault does.
    }
  }

  Optional<Sample> latest() {
    synchronized (samples) {
      return samples.isEmpty() ? Optional.empty() : Optional.of(samples.get(samples.size() - 1));
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** Waits until a sample shows nothing left to consume, sampled after {@code since}. */
  boolean awaitCaughtUp(long since, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Sample> latest = latest();
      if (latest.isPresent()
          && latest.get().nanos() > since
          && latest.get().end() > 0
          && latest.get().lag() == 0) {
        return true;
      }
      Thread.sleep(INTERVAL.toMillis());
    }
    return false;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
