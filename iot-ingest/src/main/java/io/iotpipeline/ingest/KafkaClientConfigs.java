package io.iotpipeline.ingest;

import io.iotpipeline.config.KafkaSettings;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The only place the ingester turns options into Kafka client properties. */
final class KafkaClientConfigs {
  private KafkaClientConfigs() {}

  static Map<String, Object> consumer(KafkaSettings kafka, IngestOptions options, String clientId) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    // Bytes in, so the dead-letter topic gets exactly what arrived, even if it is not UTF-8.
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // We commit ourselves, only offsets whose rows Cassandra has acknowledged: at-least-once.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts from the oldest retained reading rather than skipping history.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Big polls make big per-(sensor, day) groups, hence full batches; memory is bounded by
    // max-poll-records x max-pending-polls.
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.maxPollRecords());
    // Wait for 64 KiB or 25 ms: under load fetches fill at once (fewer, fuller fetches); at low
    // rates (10k readings/s compress to well under 64 KiB in 25 ms) at most 25 ms is added to the
    // 250 ms end-to-end latency budget.
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 25);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    // Classic protocol with the cooperative assignor: a rebalance revokes only the partitions that
    // move, and the client may choose a short session timeout, so a crashed (SIGKILLed) instance's
    // partitions reach the survivors within 10 s. The KIP-848 "consumer" protocol would work with
    // the 4.1 broker too, but its session timeout is a broker setting (45 s by default).
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    // A broker restarting after a crash has its port bound (connections queue in the kernel) but
    // answers nothing until it has recovered its logs: with the default 30 s a fetch waits that
    // long before the client tries another broker (measured: a 35 s stall on 3 nodes). 10 s is
    // still 400x the fetch wait.
    config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    // A poll loop that waits for Cassandra keeps polling (paused), so the default 5 min is ample.
    config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    // A mistyped topic name must fail, not silently create an empty topic.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // Readings are produced without transactions: read_uncommitted costs nothing and hides nothing.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return config;
  }

  static Map<String, Object> deadLetterProducer(KafkaSettings kafka, String clientId) {
    Map<String, Object> config = kafka.clientConfig();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // A dead letter is committed past like a stored row, so it must be on all in-sync replicas.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // No duplicates from the producer's own retries.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Bad records come in bursts; a few ms of linger batches a burst into one request.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Fail a send within 30 s so a Kafka outage surfaces in our own retry loop and logs.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return config;
  }
}
