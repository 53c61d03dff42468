package io.iotpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.model.SensorReading;
import io.iotpipeline.testkit.TcpProxy;
import io.iotpipeline.testkit.TestStack;
import io.iotpipeline.testkit.WithStack;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Cassandra unavailable for 20 s in the middle of a run. The node is shared by every test of the
 * build, so instead of stopping it the ingester reaches it through a {@link TcpProxy} that this
 * test cuts: every connection closes and reconnects are refused, which the driver reports exactly
 * as for a dead node (closed connections, then NoNodeAvailableException, then reconnection).
 */
@WithStack
class CassandraOutageIT {

  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void pausesDuringA20SecondOutageAndLosesNothing(TestStack stack) throws Exception {
    KafkaSettings kafka = IngestFixtures.freshTopics(stack, "outage", 3);
    List<SensorReading> readings = IngestFixtures.readings(6000, 20, 3000, Duration.ofMillis(250));
    CassandraSettings direct = stack.cassandra();
    InetSocketAddress node = direct.contactPoints().get(0);
    IngestOptions options = IngestFixtures.options(IngestFixtures.group());
    AtomicInteger produced = new AtomicInteger();

    try (TcpProxy proxy =
            new TcpProxy(new InetSocketAddress(node.getHostString(), node.getPort()));
        KafkaIngester ingester =
            KafkaIngester.create(
                options,
                kafka,
                viaProxy(direct, proxy.port()),
                Clock.systemUTC(),
                KafkaIngester.logReporter())) {
      ingester.start();
      Thread producer = new Thread(() -> produceSteadily(kafka, readings, produced), "it-producer");
      producer.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> ingester.metrics().rows() > 10_000);

      proxy.cut();
      // Let acknowledged in-flight writes land, then nothing more may arrive until the restore.
      Thread.sleep(2_000);
      long rowsDuringOutage = count(stack, readings);
      long polledAtCut = ingester.metrics().records();
      Thread.sleep(OUTAGE.minusSeconds(2).toMillis()); // the outage itself: nothing to wait for
      assertThat(count(stack, readings))
          .as("no writes get through the cut")
          .isEqualTo(rowsDuringOutage);
      assertThat(ingester.metrics().tick().writesStalled()).isTrue();
      assertThat(ingester.metrics().tick().writeRetries()).isPositive();
      // Paused, not buffering: at most the pending polls' worth read beyond what was stored.
      assertThat(ingester.metrics().records() - polledAtCut)
          .isLessThanOrEqualTo((long) options.maxPendingPolls() * options.maxPollRecords());
      assertThat(produced.get()).as("the producer kept going").isGreaterThan((int) polledAtCut);
      proxy.restore();

      producer.join();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ingester.metrics().rows() >= readings.size());
      ingester.stop();
      assertThat(ingester.awaitTermination(Duration.ofSeconds(60))).isTrue();
      assertThat(ingester.failure()).isEmpty();
    }
    assertThat(count(stack, readings)).isEqualTo(readings.size());
  }

  /** About 2,000 readings a second, so the outage falls in the middle of the stream. */
  private static void produceSteadily(
      KafkaSettings kafka, List<SensorReading> readings, AtomicInteger produced) {
    try (KafkaProducer<byte[], byte[]> producer = IngestFixtures.producer(kafka.bootstrap())) {
      long began = System.nanoTime();
      for (SensorReading reading : readings) {
        producer.send(IngestFixtures.record(kafka.topic(), reading));
        int sent = produced.incrementAndGet();
        long due = began + sent * 500_000L; // 0.5 ms per reading
        long ahead = due - System.nanoTime();
        if (ahead > 1_000_000) {
          Thread.sleep(ahead / 1_000_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long count(TestStack stack, List<SensorReading> readings) {
    return IngestFixtures.countRows(stack.session(), stack.cassandra().keyspace(), readings);
  }

  private static CassandraSettings viaProxy(CassandraSettings direct, int port) {
    return direct.withContactPoints(List.of(InetSocketAddress.createUnresolved("127.0.0.1", port)));
  }
}
