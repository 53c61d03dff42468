package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.PrivateCassandraNode;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Cassandra node is crashed with SIGKILL while writes are in flight and restarted with its data:
 * every write it acknowledged must be there afterwards. The node is this class's own ({@link
 * PrivateCassandraNode}), configured exactly as {@code ./iot stack up} configures the local node.
 * Kafka is the shared one.
 *
 * <p>The first test is the engine alone (a plain driver client, no ingester): it shows what the
 * node promises. The second runs the ingester through the same crash and counts the rows.
 */
@WithStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraCrashIT {

  private PrivateCassandraNode node;
  private CassandraSettings cassandra;

  @BeforeAll
  void startTheNode() {
    node = PrivateCassandraNode.launch("crash_it", Map.of());
    cassandra = node.cassandra();
    try (CqlSession ddl = CassandraSessions.open(cassandra)) {
      ddl.execute(
          SimpleStatement.newInstance(
                  "CREATE TABLE IF NOT EXISTS crash_it.probe "
                      + "(writer int, seq int, PRIMARY KEY (writer, seq))")
              .setTimeout(cassandra.ddlTimeout()));
    }
  }

  @AfterAll
  void stopTheNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyWriteTheNodeAcknowledgedIsStillThereAfterItCrashed() throws Exception {
    BitSet acknowledged = new BitSet();
    AtomicBoolean failed = new AtomicBoolean();
    int attempted = 0;
    boolean killed = false;
    try (CqlSession session = node.openSession()) {
      PreparedStatement insert = session.prepare("INSERT INTO probe (writer, seq) VALUES (?, ?)");
      Semaphore inFlight = new Semaphore(64);
      AtomicInteger acknowledgedCount = new AtomicInteger();
      long killAt = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      long killAtTheLatest = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      // The crash comes once enough writes were acknowledged for a loss to show (a busy box is
      // slow to get there; a clean-clone run killed after 6,980), at most after 60 s. Writes that
      // fail before the kill are simply not acknowledged; the loop ends once the kill is done and
      // requests fail against the dead node.
      while (!(killed && failed.get())) {
        long now = System.nanoTime();
        if (!killed
            && ((now >= killAt && acknowledgedCount.get() >= 20_000) || now >= killAtTheLatest)) {
          node.kill(); // writes keep going at full speed up to the crash
          killed = true;
        }
        inFlight.acquire();
        int seq = attempted++;
        session
            .executeAsync(insert.bind(seq % 64, seq))
            .whenComplete(
                (result, error) -> {
                  if (error == null) {
                    synchronized (acknowledged) {
                      acknowledged.set(seq);
                    }
                    acknowledgedCount.incrementAndGet();
                  } else {
                    failed.set(true);
                  }
                  inFlight.release();
                });
      }
      inFlight.acquire(64); // every request has answered
    }
    assertThat(killed).isTrue();
    node.restart();

    BitSet stored = new BitSet();
    try (CqlSession session = node.openSession()) {
      for (int writer = 0; writer < 64; writer++) {
        for (Row row :
            session.execute(
                SimpleStatement.newInstance("SELECT seq FROM probe WHERE writer = ?", writer)
                    .setPageSize(10_000))) {
          stored.set(row.getInt(0));
        }
      }
    }
    BitSet lost = (BitSet) acknowledged.clone();
    lost.andNot(stored);
    assertThat(acknowledged.cardinality())
        .as("writes acknowledged before the crash")
        .isGreaterThan(10_000);
    assertThat(lost.cardinality())
        .as("acknowledged writes missing after the restart (of %d)", acknowledged.cardinality())
        .isZero();
  }

  @Test
  void theIngesterStoresEveryReadingOnceThroughACrashOfTheNode(TestStack stack) throws Exception {
    ingestThrough(stack, "node-crash", node::kill, node::restart);
  }

  @Test
  void theIngesterStoresEveryReadingOnceThroughA20SecondHangOfTheNode(TestStack stack)
      throws Exception {
    // A hung node answers nothing and refuses nothing: writes time out instead of failing fast.
    ingestThrough(
        stack,
        "node-hang",
        node::pause,
        () -> {
          sleep(Duration.ofSeconds(20));
          node.resume();
        });
  }

  /**
   * Runs the ingester over 150,000 readings, strikes the node with {@code fault} once 50,000 rows
   * are stored, waits until writes are being retried, then {@code recovery}; every reading must be
   * stored once, and the ingester must not have read more than its pending polls meanwhile.
   */
  private void ingestThrough(TestStack stack, String name, Runnable fault, Runnable recovery)
      throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, name, 3);
    List<SensorReading> readings = IngestFixtures.readings(7000, 50, 3000, Duration.ofMillis(500));
    IngestFixtures.produce(kafka, readings);
    IngestOptions options = IngestFixtures.options(IngestFixtures.group());
    try (KafkaIngester ingester =
        KafkaIngester.create(
            options, kafka, cassandra, Clock.systemUTC(), KafkaIngester.logReporter())) {
      ingester.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> ingester.metrics().rows() > 50_000);
      fault.run();
      long polledAtFault = ingester.metrics().records();
      assertThat(ingester.metrics().rows()).as("struck mid-run").isLessThan(readings.size());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ingester.metrics().tick().writeRetries() > 0);
      recovery.run();
      // Bounded memory: while stalled it read at most its pending polls beyond the fault.
      assertThat(ingester.metrics().records() - polledAtFault)
          .isLessThanOrEqualTo((long) options.maxPendingPolls() * options.maxPollRecords());
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ingester.metrics().rows() >= readings.size());
      ingester.stop();
      assertThat(ingester.awaitTermination(Duration.ofSeconds(60))).isTrue();
      assertThat(ingester.failure()).isEmpty();
    }
    try (CqlSession session = node.openSession()) {
      assertThat(IngestFixtures.countRows(session, cassandra.keyspace(), readings))
          .as("distinct rows stored")
          .isEqualTo(readings.size());
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis()); // the fault's length itself: nothing to wait for
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
