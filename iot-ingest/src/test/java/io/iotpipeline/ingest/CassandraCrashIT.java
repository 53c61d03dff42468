package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.clients.schema.SchemaMigrator;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Cassandra node is crashed with SIGKILL while writes are in flight and restarted with its data:
 * every write it acknowledged must be there afterwards. The node is this class's own (ports and
 * data dir of its own, configured exactly as {@code ./iot stack up} configures the local node), so
 * the node the rest of the build shares is never hit. Kafka is the shared one.
 *
 * <p>The first test is the engine alone (a plain driver client, no ingester): it shows what the
 * node promises. The second runs the ingester through the same crash and counts the rows.
 */
@WithStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraCrashIT {

  private static final String NODE = "cassandra";
  private final Path dataDir = Path.of("target", "cassandra-crash-it-" + UUID.randomUUID())
      .toAbsolutePath();
  private final Settings settings = Settings.defaults().with(Map.of(
      "data-dir", dataDir.toString(),
      "stack.cassandra-port", "29042",
      "stack.cassandra-storage-port", "27000",
      "stack.cassandra-jmx-port", "27199",
      "stack.cassandra-heap", "1g",
      "cassandra.contact-points", "127.0.0.1:29042",
      "cassandra.keyspace", "crash_it"));
  private final LocalStack node = new LocalStack(StackSettings.from(settings));
  private final CassandraSettings cassandra = CassandraSettings.from(settings);

  @BeforeAll
  void startTheNode() {
    node.up(List.of(NODE));
    try (CqlSession ddl = CassandraSessions.open(cassandra)) {
      new SchemaMigrator(cassandra).migrate(ddl);
      ddl.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS crash_it.probe "
          + "(writer int, seq int, PRIMARY KEY (writer, seq))").setTimeout(cassandra.ddlTimeout()));
    }
  }

  @AfterAll
  void stopTheNode() {
    node.down();
  }

  @Test
  void everyWriteTheNodeAcknowledgedIsStillThereAfterItCrashed() throws Exception {
    BitSet acknowledged = new BitSet();
    AtomicBoolean failed = new AtomicBoolean();
    int attempted = 0;
    boolean killed = false;
    try (CqlSession session = CassandraSessions.openInKeyspace(cassandra)) {
      PreparedStatement insert = session.prepare("INSERT INTO probe (writer, seq) VALUES (?, ?)");
      Semaphore inFlight = new Semaphore(64);
      long killAt = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      // Writes that fail before the kill (a busy box) are simply not acknowledged; the loop
      // ends once the kill is done and requests fail against the dead node.
      while (!(killed && failed.get())) {
        if (!killed && System.nanoTime() >= killAt) {
          node.kill(NODE); // writes keep going at full speed up to the crash
          killed = true;
        }
        inFlight.acquire();
        int seq = attempted++;
        session.executeAsync(insert.bind(seq % 64, seq)).whenComplete((result, error) -> {
          if (error == null) {
            synchronized (acknowledged) {
              acknowledged.set(seq);
            }
          } else {
            failed.set(true);
          }
          inFlight.release();
        });
      }
      inFlight.acquire(64); // every request has answered
    }
    assertThat(killed).isTrue();
    node.up(List.of(NODE));

    BitSet stored = new BitSet();
    try (CqlSession session = CassandraSessions.openInKeyspace(cassandra)) {
      for (int writer = 0; writer < 64; writer++) {
        for (Row row : session.execute(SimpleStatement.newInstance(
            "SELECT seq FROM probe WHERE writer = ?", writer).setPageSize(10_000))) {
          stored.set(row.getInt(0));
        }
      }
    }
    BitSet lost = (BitSet) acknowledged.clone();
    lost.andNot(stored);
    assertThat(acknowledged.cardinality()).as("writes acknowledged before the crash").isGreaterThan(10_000);
    assertThat(lost.cardinality()).as("acknowledged writes missing after the restart (of %d)",
        acknowledged.cardinality()).isZero();
  }

  @Test
  void theIngesterStoresEveryReadingOnceThroughACrashOfTheNode(TestStack stack) throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, "node-crash", 3);
    List<SensorReading> readings = IngestFixtures.readings(7000, 50, 3000, Duration.ofMillis(500));
    IngestFixtures.produce(kafka, readings);
    IngestOptions options = IngestFixtures.options(IngestFixtures.group());
    try (KafkaIngester ingester = KafkaIngester.create(options, kafka, cassandra, Clock.systemUTC(),
        KafkaIngester.logReporter())) {
      ingester.start();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .until(() -> ingester.metrics().rows() > 50_000);
      node.kill(NODE);
      long rowsAcknowledgedAtKill = ingester.metrics().rows();
      assertThat(rowsAcknowledgedAtKill).as("killed mid-run").isLessThan(readings.size());
      await().atMost(Duration.ofSeconds(30))
          .until(() -> ingester.metrics().tick().writeRetries() > 0);
      node.up(List.of(NODE));
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> ingester.metrics().rows() >= readings.size());
      ingester.stop();
      assertThat(ingester.awaitTermination(Duration.ofSeconds(60))).isTrue();
      assertThat(ingester.failure()).isEmpty();
    }
    try (CqlSession session = CassandraSessions.openInKeyspace(cassandra)) {
      assertThat(IngestFixtures.countRows(session, cassandra.keyspace(), readings))
          .as("distinct rows stored").isEqualTo(readings.size());
    }
  }
}
