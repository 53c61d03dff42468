package io.iotpipeline.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.InvalidReadingException;
import io.iotpipeline.model.ReadingCodec;
import io.iotpipeline.model.SensorReading;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream behind {@code /api/stream}: tails the readings and alerts topics from their end
 * (a group-less consumer with {@code assign()}, so it commits nothing and never disturbs the
 * ingester's group) and, once per tick, sends every subscriber the newest reading of each sensor
 * that reported plus the new alerts. At 10k readings/s a browser still gets one event per tick.
 *
 * <p>It reads only while someone watches: with no subscriber the partitions are paused (a
 * group-less consumer needs no polling to stay assigned), so an API serving only queries does not
 * decode every reading of the fleet. When the first subscriber arrives it resumes from the records
 * produced since shortly before that moment (by Kafka timestamp), so nothing produced after a
 * client connected is missed.
 */
public final class LiveFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
  private static final Duration TOPIC_RETRY = Duration.ofSeconds(5);

  /** How often an idle feed looks for a subscriber. */
  private static final Duration IDLE_CHECK = Duration.ofMillis(100);

  /** A resumed feed starts this long before the first subscriber arrived (clock skew, batching). */
  private static final Duration RESUME_MARGIN = Duration.ofSeconds(1);

  private final KafkaSettings kafka;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Duration tick;
  private final LiveBatcher batcher = new LiveBatcher(50);
  private final ReadingCodec codec = new ReadingCodec();
  private final List<LiveClient> clients = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread pollThread;
  private final ScheduledExecutorService broadcaster;
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch stopping = new CountDownLatch(1);

  /** Wall-clock time (ms) of the earliest subscription the feed has not resumed for yet. */
  private final AtomicLong resumeFromMillis = new AtomicLong(Long.MAX_VALUE);

  private volatile boolean running;
  private volatile boolean started;
  private volatile boolean tailing;
  private boolean closed;

  public LiveFeed(KafkaSettings kafka, ObjectMapper mapper, Clock clock, Duration tick) {
    this.kafka = kafka;
    this.mapper = mapper;
    this.clock = clock;
    this.tick = tick;
    Properties properties = new Properties();
    properties.putAll(kafka.clientConfig());
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // No group: a viewer of the stream must never take partitions from, or commit for, a group.
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "iot-api-live");
    // Only what happens from now on: the history is what the query endpoints are for.
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    this.consumer = new KafkaConsumer<>(properties);
    this.pollThread = new Thread(this::pollLoop, "live-feed-poll");
    this.pollThread.setDaemon(true);
    this.broadcaster =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "live-feed-broadcast");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts the feed; returns once the topics are assigned, or after {@code wait}. */
  public void start(Duration wait) throws InterruptedException {
    running = true;
    started = true;
    pollThread.start();
    broadcaster.scheduleAtFixedRate(
        this::broadcast, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    if (!assigned.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      log.warn(
          "Live feed: topics {} / {} not assigned after {}; still trying",
          kafka.topic(),
          kafka.alertsTopic(),
          wait);
    }
  }

  public void subscribe(LiveClient client) {
    // Kafka timestamps are wall-clock times: compare with the system clock, not the API's clock.
    resumeFromMillis.accumulateAndGet(System.currentTimeMillis(), Math::min);
    clients.add(client);
  }

  /** Whether the feed is reading the topics now (someone is subscribed). */
  public boolean tailing() {
    return tailing;
  }

  public void unsubscribe(LiveClient client) {
    clients.remove(client);
  }

  public Duration tick() {
    return tick;
  }

  public int clientCount() {
    return clients.size();
  }

  private void pollLoop() {
    try {
      while (running && !assign()) {
        stopping.await(TOPIC_RETRY.toMillis(), TimeUnit.MILLISECONDS);
      }
      while (running) {
        if (clients.isEmpty()) {
          if (tailing) {
            consumer.pause(consumer.assignment());
            tailing = false;
            resumeFromMillis.set(Long.MAX_VALUE);
          }
          stopping.await(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        try {
          if (!tailing) {
            resume();
            tailing = true;
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
            accept(record);
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // Broker restarts and the like: the consumer reconnects by itself; avoid a hot loop.
          log.warn("Live feed: poll failed, retrying in 1 s: {}", e.toString());
          stopping.await(1, TimeUnit.SECONDS);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // close() asked us to stop
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /**
   * Assigns every partition of both topics, paused: {@link #resume} positions them when someone
   * subscribes. False when a topic is not there yet.
   */
  private boolean assign() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(kafka.topic(), kafka.alertsTopic())) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (KafkaException e) {
        log.warn("Live feed: cannot list partitions of {}: {}", topic, e.toString());
        return false;
      }
      if (infos == null || infos.isEmpty()) {
        log.info("Live feed: topic {} does not exist yet; retrying in {}", topic, TOPIC_RETRY);
        return false;
      }
      infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    consumer.assign(partitions);
    consumer.pause(partitions);
    assigned.countDown();
    return true;
  }

  /**
   * Seeks every partition to its first record produced since shortly before the earliest pending
   * subscription (to its end where there is none) and resumes it; drops what was batched before.
   */
  private void resume() {
    long pending = resumeFromMillis.get();
    long since = Math.min(pending, System.currentTimeMillis()) - RESUME_MARGIN.toMillis();
    Set<TopicPartition> partitions = consumer.assignment();
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(partition -> times.put(partition, since));
    Map<TopicPartition, OffsetAndTimestamp> found =
        consumer.offsetsForTimes(times, Duration.ofSeconds(5));
    List<TopicPartition> atEnd = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp offset = found.get(partition);
      if (offset == null) {
        atEnd.add(partition);
      } else {
        consumer.seek(partition, offset.offset());
      }
    }
    consumer.seekToEnd(atEnd);
    atEnd.forEach(consumer::position);
    consumer.resume(partitions);
    resumeFromMillis.compareAndSet(pending, Long.MAX_VALUE);
    batcher.drain();
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return;
    }
    if (record.topic().equals(kafka.topic())) {
      try {
        batcher.offerReading(codec.decode(record.value()));
      } catch (InvalidReadingException e) {
        // Not ours to report: the ingester dead-letters it. The live view just skips it.
      }
    } else {
      AlertMessages.parse(mapper, record.value())
          .ifPresent(
              alert -> {
                try {
                  batcher.offerAlert(mapper.writeValueAsString(alert));
                } catch (JsonProcessingException e) {
                  throw new IllegalStateException("an alert record must serialise", e);
                }
              });
    }
  }

  private void broadcast() {
    try {
      LiveBatcher.Batch batch = batcher.drain();
      if (clients.isEmpty()) {
        return;
      }
      List<Map<String, Object>> readings = new ArrayList<>(batch.latest().size());
      for (SensorReading reading : batch.latest()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sensor_id", reading.sensorId());
        row.put("timestamp", reading.timestamp().toString());
        row.put("temperature", reading.temperature());
        row.put("humidity", reading.humidity());
        readings.add(row);
      }
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("at", clock.instant().toString());
      event.put("seen", batch.readingsSeen());
      event.put("per_second", batch.readingsSeen() * 1000.0 / tick.toMillis());
      event.put("readings", readings);
      String readingsJson = mapper.writeValueAsString(event);
      for (LiveClient client : clients) {
        boolean alive = client.send("readings", readingsJson);
        for (String alert : batch.alerts()) {
          alive = alive && client.send("alert", alert);
        }
        if (!alive) {
          clients.remove(client);
        }
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // A broadcast must not kill the scheduler (an exception would cancel every later tick).
      log.warn("Live feed: broadcast failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    running = false;
    broadcaster.shutdownNow();
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    // wakeup() ends a poll in progress; the latch ends a back-off wait. No interrupt: an
    // interrupted consumer cannot close its fetch sessions cleanly.
    stopping.countDown();
    consumer.wakeup();
    try {
      pollThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
