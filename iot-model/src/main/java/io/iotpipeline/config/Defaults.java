package io.iotpipeline.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every known setting and its default: the reference the README's configuration table follows. */
final class Defaults {
  private Defaults() {}

  static final Map<String, String> VALUES;

  static {
    Map<String, String> defaults = new LinkedHashMap<>();
    // Where the pipeline connects. The defaults point at the local stack ("./iot stack up").
    defaults.put("kafka.bootstrap", "127.0.0.1:9092");
    defaults.put("kafka.topic", "iotdata");
    defaults.put("kafka.dlq-topic", "iotdata-dlq");
    defaults.put("kafka.truth-topic", "iotdata-truth");
    defaults.put("kafka.alerts-topic", "iot-alerts");
    defaults.put("kafka.partitions", "6");
    defaults.put("kafka.replication-factor", "1");
    defaults.put("cassandra.contact-points", "127.0.0.1:9042");
    defaults.put("cassandra.dc", "datacenter1");
    defaults.put("cassandra.keyspace", "iot_keyspace");
    defaults.put("cassandra.replication-factor", "1");
    // auto: LOCAL_QUORUM with 3+ replicas, else LOCAL_ONE (see CassandraSettings).
    defaults.put("cassandra.consistency", "auto");
    // The older name of retention.raw: setting either sets both (Settings.OLDER_NAMES).
    defaults.put("cassandra.ttl", "90d");
    defaults.put("cassandra.ddl-timeout", "60s");
    defaults.put("cassandra.request-timeout", "10s");
    // Retention tiers: how long each resolution is kept, applied as the tables' default TTL by the
    // schema migrator (./iot setup, stack up, demo) and re-applied with ALTER TABLE when changed;
    // "forever" is no TTL, a year is 365 days. The API serves a range from the next coarser tier
    // when a tier no longer holds its start (see docs/analytics.md#retention-tiers).
    // raw: sensor_data and the alert tables; same setting as cassandra.ttl.
    defaults.put("retention.raw", "90d");
    // minute: sensor_agg_minute (about 13 months, for a year-on-year view of minutes).
    defaults.put("retention.minute", "400d");
    // hour: sensor_agg_hour.
    defaults.put("retention.hour", "5y");
    // day: sensor_agg_day, small enough to keep.
    defaults.put("retention.day", "forever");
    // Security of the client connections (see docs/security.md). The defaults are the plain local
    // stack's: no credentials, no TLS. "./iot stack up --secure" writes the values each component
    // needs into <data-dir>/secrets/<component>.properties, which ./iot then reads by itself.
    defaults.put("kafka.security.protocol", "PLAINTEXT");
    defaults.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
    defaults.put("kafka.sasl.username", "");
    defaults.put("kafka.sasl.password", "");
    // A whole sasl.jaas.config, for login modules other than user/password (e.g. OAUTHBEARER).
    defaults.put("kafka.sasl.jaas-config", "");
    defaults.put("kafka.ssl.truststore.location", "");
    defaults.put("kafka.ssl.truststore.password", "");
    defaults.put("kafka.ssl.truststore.type", "PKCS12");
    defaults.put("cassandra.username", "");
    defaults.put("cassandra.password", "");
    defaults.put("cassandra.ssl", "false");
    defaults.put("cassandra.ssl.truststore.path", "");
    defaults.put("cassandra.ssl.truststore.password", "");
    defaults.put("cassandra.ssl.hostname-validation", "true");
    // The ingester ("./iot ingest"): consumer group, write batching and back-pressure.
    defaults.put("ingest.group-id", "iot-ingest");
    defaults.put("ingest.in-flight", "32");
    defaults.put("ingest.batch-rows", "100");
    defaults.put("ingest.max-poll-records", "10000");
    defaults.put("ingest.metrics-interval", "10s");
    defaults.put("ingest.connect-timeout", "2m");
    // The query API and dashboard ("./iot serve"). An empty token leaves the API open (local use);
    // set one (env IOT_API_TOKEN) whenever the host is not 127.0.0.1.
    defaults.put("api.host", "127.0.0.1");
    defaults.put("api.port", "8080");
    defaults.put("api.token", "");
    defaults.put("api.max-points", "3000");
    defaults.put("api.stream-tick", "1s");
    // Settled rollup windows of this many recently charted partitions (a sensor's day of minutes,
    // month of hours or year of days) stay in memory this long; 0 partitions turns it off.
    defaults.put("api.series-cache", "256");
    defaults.put("api.series-cache-ttl", "60s");
    // The device gateway ("./iot gateway"): MQTT and HTTP into Kafka. Not open by default: devices
    // need credentials from "./iot devices add" unless --open (the local demo) says otherwise.
    defaults.put("gateway.host", "127.0.0.1");
    defaults.put("gateway.mqtt-port", "1883");
    defaults.put("gateway.http-port", "8081");
    defaults.put("gateway.open", "false");
    // Readings sent to Kafka and not yet acknowledged, over all connections: the bounded buffer.
    defaults.put("gateway.max-in-flight", "20000");
    // How long a device's credential check is remembered: a revoked device is cut off within it.
    defaults.put("gateway.auth-cache", "10s");
    defaults.put("gateway.start-timeout", "30s");
    // The Spark streaming job ("./iot analytics stream", and the demo's): the one definition of
    // its options' defaults; the CLI flags and AnalyticsMain's options override these keys.
    defaults.put("analytics.trigger", "5s");
    defaults.put("analytics.watermark", "30s");
    defaults.put("analytics.starting-offsets", "earliest");
    defaults.put("analytics.max-offsets-per-trigger", "0");
    defaults.put("analytics.shuffle-partitions", "4");
    // Continuous hour/day rollups of the streaming job (iot-analytics ContinuousRollups): every
    // rollup-every it rolls up the sensor-hours that ended rollup-delay ago (time for the ingester
    // to store them) and those that late readings changed; rollup-every=0 turns them off.
    defaults.put("analytics.rollup-every", "1m");
    defaults.put("analytics.rollup-delay", "2m");
    // Its alert rules (iot-analytics AlertThresholds): values suited to indoor environment sensors
    // reporting about once a second.
    defaults.put("analytics.alert.temperature-high", "45.0");
    defaults.put("analytics.alert.temperature-low", "-10.0");
    defaults.put("analytics.alert.humidity-high", "95.0");
    defaults.put("analytics.alert.humidity-low", "5.0");
    defaults.put("analytics.alert.spike-rate", "3.0");
    defaults.put("analytics.alert.stuck-readings", "10");
    defaults.put("analytics.alert.stuck-epsilon", "1.0E-6");
    defaults.put("analytics.alert.silence", "60s");
    // The local stack ("./iot stack ...").
    defaults.put("data-dir", "./data");
    // 1: one Kafka broker and one Cassandra node on 127.0.0.1; 3: kafka-1..3 and cassandra-1..3
    // on 127.0.0.1..3 (same ports), replication factor 3 (see Settings.withLocalStack).
    defaults.put("stack.nodes", "1");
    // on: SASL_SSL + ACLs on Kafka, password auth + roles + TLS on Cassandra (docs/security.md).
    defaults.put("stack.security", "off");
    defaults.put("stack.kafka-port", "9092");
    defaults.put("stack.kafka-controller-port", "9093");
    defaults.put("stack.cassandra-port", "9042");
    defaults.put("stack.cassandra-storage-port", "7000");
    defaults.put("stack.cassandra-jmx-port", "7199");
    defaults.put("stack.kafka-heap", "1g");
    defaults.put("stack.cassandra-heap", "2g");
    // batch: an acknowledged write is on disk, so it survives a node crash (StackSettings).
    defaults.put("stack.cassandra-commitlog-sync", "batch");
    defaults.put("stack.start-timeout", "120s");
    defaults.put("stack.stop-timeout", "60s");
    // The optional local Spark standalone cluster ("./iot stack up --spark"). UI ports avoid 8080,
    // which the API uses.
    defaults.put("stack.spark", "false");
    defaults.put("stack.spark-master-port", "7077");
    defaults.put("stack.spark-master-ui-port", "8090");
    defaults.put("stack.spark-worker-ui-port", "8091");
    defaults.put("stack.spark-worker-cores", "2");
    defaults.put("stack.spark-worker-memory", "2g");
    VALUES = Map.copyOf(defaults);
  }
}
