package io.iotpipeline.bench.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.iotpipeline.bench.BenchSettings;
import io.iotpipeline.bench.OwnStack;
import io.iotpipeline.bench.ScratchTopics;
import io.iotpipeline.bench.Section;
import io.iotpipeline.bench.ingest.IngestSection;
import io.iotpipeline.bench.load.PacedFleet;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.ingest.IngestOptions;
import io.iotpipeline.ingest.KafkaIngester;
import io.iotpipeline.stack.ClusterView;
import io.iotpipeline.stack.LocalStack;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The cluster path's cost and its faults, on this machine: the sustained end-to-end ingest rate on
 * a 3-node, RF 3 stack against the 1-node stack the bench runs on (both measured in this run by the
 * ingest section's own sustained phase), then, under a paced load at 40% of the 3-node rate with
 * the ingester running, how long ingest stands still when the broker leading the most partitions is
 * SIGKILLed, and when a Cassandra node is, and how long after the node's restart until its replicas
 * agree again (no hints left to deliver). The 3-node stack runs in its own data dir on ports of its
 * own, beside the 1-node one, and is stopped and deleted afterwards.
 *
 * <p>Only on request ({@code --section cluster}): it starts six more JVMs and runs for minutes.
 */
public final class ClusterSection implements Section {

  private static final int NODES = 3;

  /** The load during the kills, as a fraction of the 3-node sustained rate. */
  static final double KILL_LOAD_FRACTION = 0.4;

  private static final Duration BEFORE_KILL = Duration.ofSeconds(15);
  private static final Duration NODE_DOWN = Duration.ofSeconds(20);
  private static final Duration AFTER_RESTART = Duration.ofSeconds(10);
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public boolean onRequestOnly() {
    return true;
  }

  @Override
  public Map<String, Object> run(Settings settings, boolean quick) throws Exception {
    System.out.println("1-node stack: the ingest section's sustained phase ...");
    double single = IngestSection.sustainedRowsPerSecond(settings, quick);
    try (OwnStack own =
        OwnStack.start(settings, "bench-cluster", Map.of("stack.nodes", Integer.toString(NODES)))) {
      Settings cluster = own.settings();
      System.out.println("3-node stack: the same sustained phase ...");
      double clustered = IngestSection.sustainedRowsPerSecond(cluster, quick);
      Kills kills = kills(cluster, own.stack(), clustered);
      return figures(single, clustered, kills);
    }
  }

  /** How long ingest stood still after each kill, and until the replicas agreed again. */
  record Kills(
      int loadPerSecond,
      String broker,
      double kafkaStallSeconds,
      String cassandraNode,
      double cassandraStallSeconds,
      OptionalDouble replicasAgreeSeconds) {}

  private static Kills kills(Settings cluster, LocalStack stack, double clusteredRate)
      throws Exception {
    int perSecond = pacedRate(clusteredRate * KILL_LOAD_FRACTION);
    KafkaSettings topic = ScratchTopics.create(cluster, "cluster-kills");
    CassandraSettings cassandra =
        CassandraSettings.from(cluster).withKeyspace(BenchSettings.KEYSPACE);
    System.out.printf(
        Locale.ROOT,
        "kills: %,d readings/s (%.0f%% of the 3-node rate) with the ingester running ...%n",
        perSecond,
        KILL_LOAD_FRACTION * 100);
    try (KafkaIngester ingester =
            KafkaIngester.create(
                    IngestOptions.from(cluster)
                        .withGroupId("bench-cluster-" + Long.toString(System.nanoTime(), 36)),
                    topic,
                    cassandra,
                    Clock.systemUTC(),
                    snapshot -> {})
                .start();
        PacedFleet fleet = PacedFleet.create(topic, BenchSettings.SENSORS, perSecond).start();
        RowSampler rows =
            RowSampler.create(() -> ingester.metrics().rows(), SAMPLE_EVERY).start()) {
      Thread.sleep(BEFORE_KILL.toMillis());
      String broker = ClusterView.busiestBroker(stack.settings(), topic.topic());
      double kafkaStall = killAndRestart(stack, broker, rows).stallSeconds();
      String node = "cassandra-2";
      Killed cassandraKill = killAndRestart(stack, node, rows);
      fleet.checkHealthy();
      OptionalDouble agree = replicasAgree(cassandra, cassandraKill.backNanos());
      return new Kills(perSecond, broker, kafkaStall, node, cassandraKill.stallSeconds(), agree);
    } finally {
      ScratchTopics.delete(topic);
    }
  }

  /**
   * What one kill cost.
   *
   * @param stallSeconds the longest ingest stall from the kill to 10 s after the restart
   * @param backNanos when the restarted node answered again (System.nanoTime)
   */
  record Killed(double stallSeconds, long backNanos) {}

  /** SIGKILLs a node, keeps it down a while, restarts it; the longest stall meanwhile. */
  private static Killed killAndRestart(LocalStack stack, String node, RowSampler rows)
      throws InterruptedException {
    long from = System.nanoTime();
    long pid = stack.kill(node);
    System.out.printf(
        Locale.ROOT, "  SIGKILL %s (PID %d); down for %d s%n", node, pid, NODE_DOWN.toSeconds());
    Thread.sleep(NODE_DOWN.toMillis());
    stack.up(List.of(node));
    long back = System.nanoTime();
    Thread.sleep(AFTER_RESTART.toMillis());
    double stall = rows.longestStallSeconds(from, System.nanoTime());
    System.out.printf(
        Locale.ROOT,
        "  %s back after %.0f s; longest ingest stall meanwhile %.1f s%n",
        node,
        (back - from) / 1e9,
        stall);
    return new Killed(stall, back);
  }

  /**
   * Seconds from the restart of a node until no node holds hints for anyone (each node's {@code
   * system_views.pending_hints}, asked of that node itself); empty if that did not happen within 5
   * minutes.
   */
  private static OptionalDouble replicasAgree(CassandraSettings cassandra, long restartedAt)
      throws InterruptedException {
    long deadline = restartedAt + Duration.ofMinutes(5).toNanos();
    try (CqlSession session = CassandraSessions.open(cassandra)) {
      return awaitNoHints(session, restartedAt, deadline);
    } catch (DriverException e) {
      System.out.println("  note: cannot read system_views.pending_hints: " + e.getMessage());
      return OptionalDouble.empty();
    }
  }

  private static OptionalDouble awaitNoHints(CqlSession session, long restartedAt, long deadline)
      throws InterruptedException {
    while (System.nanoTime() < deadline) {
      long files = 0;
      for (Node node : session.getMetadata().getNodes().values()) {
        for (Row row :
            session.execute(
                SimpleStatement.newInstance("SELECT files FROM system_views.pending_hints")
                    .setNode(node))) {
          files += row.getInt("files");
        }
      }
      if (files == 0) {
        double seconds = (System.nanoTime() - restartedAt) / 1e9;
        System.out.printf(
            Locale.ROOT, "  no hints pending %.1f s after the node was back%n", seconds);
        return OptionalDouble.of(seconds);
      }
      Thread.sleep(1_000);
    }
    System.out.println("  hints still pending 5 minutes after the restart");
    return OptionalDouble.empty();
  }

  /** A rate the paced fleet can hold: each sensor's interval a whole number of milliseconds. */
  static int pacedRate(double wanted) {
    int best = 1_000;
    for (int rate : new int[] {1_000, 2_000, 4_000, 5_000, 8_000, 10_000, 20_000, 25_000}) {
      if (rate <= wanted) {
        best = rate;
      }
    }
    return best;
  }

  static Map<String, Object> figures(double single, double clustered, Kills kills) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("cluster_nodes", NODES);
    figures.put("cluster_single_e2e_rows_per_s", Math.round(single));
    figures.put("cluster_e2e_rows_per_s", Math.round(clustered));
    figures.put("cluster_e2e_ratio", Math.round(clustered / single * 100) / 100.0);
    figures.put("cluster_kill_load_per_s", kills.loadPerSecond());
    figures.put(
        "cluster_kill_stall_s",
        tenths(Math.max(kills.kafkaStallSeconds(), kills.cassandraStallSeconds())));
    figures.put("cluster_kafka_kill_stall_s", tenths(kills.kafkaStallSeconds()));
    figures.put("cluster_cassandra_kill_stall_s", tenths(kills.cassandraStallSeconds()));
    figures.put(
        "cluster_replicas_agree_s",
        kills.replicasAgreeSeconds().isPresent()
            ? tenths(kills.replicasAgreeSeconds().getAsDouble())
            : -1);
    return figures;
  }

  private static double tenths(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
