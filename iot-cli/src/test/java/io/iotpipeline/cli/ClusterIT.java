package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.stack.PortProbe;
import io.iotpipeline.testkit.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./iot stack up --nodes 3} as a user runs it, on ports of its own (beside the shared test
 * stack): both clusters form at replication factor 3, a load through the ingester loses nothing
 * while the busiest broker and a Cassandra node are SIGKILLed (by {@code ./iot chaos}, whose counts
 * are checked here at CONSISTENCY ALL), the API answers throughout, and the stack stops and
 * restarts with its data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ClusterIT {

  private static final int READINGS = 300_000;

  private final Path dataDir = IotProcess.freshDataDir("cluster-it");
  private final Map<String, String> ports = new LinkedHashMap<>();
  private int kafkaPort;
  private int cassandraPort;

  @BeforeAll
  void startThreeNodesOfEach() throws Exception {
    List<Integer> free = FreePorts.take(5);
    kafkaPort = free.get(0);
    cassandraPort = free.get(2);
    ports.put("stack.kafka-port", Integer.toString(kafkaPort));
    ports.put("stack.kafka-controller-port", Integer.toString(free.get(1)));
    ports.put("stack.cassandra-port", Integer.toString(cassandraPort));
    ports.put("stack.cassandra-storage-port", Integer.toString(free.get(3)));
    ports.put("stack.cassandra-jmx-port", Integer.toString(free.get(4)));
    String output =
        IotProcess.run(ports, dataDir, Duration.ofMinutes(8), "stack", "up", "--nodes", "3");
    assertThat(output).contains("kafka-3", "cassandra-3", "Stack up in");
  }

  @AfterAll
  void stopTheStack() throws Exception {
    IotProcess.run(ports, dataDir, Duration.ofMinutes(3), "stack", "down");
  }

  @Test
  @Order(1)
  void bothClustersFormAtReplicationFactorThree() throws Exception {
    try (Admin admin = admin()) {
      assertThat(
              admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                  .map(org.apache.kafka.common.Node::id)
                  .collect(Collectors.toSet()))
          .as("brokers in Kafka's metadata")
          .containsExactlyInAnyOrder(1, 2, 3);
      TopicDescription topic =
          admin
              .describeTopics(List.of("iotdata"))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get("iotdata");
      assertThat(topic.partitions()).hasSize(6);
      topic
          .partitions()
          .forEach(
              partition -> {
                assertThat(partition.replicas()).hasSize(3);
                assertThat(partition.isr()).hasSize(3);
              });
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "iotdata");
      assertThat(
              admin
                  .describeConfigs(List.of(resource))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get(resource)
                  .get("min.insync.replicas")
                  .value())
          .isEqualTo("2");
    }
    try (CqlSession session = session()) {
      assertThat(session.getMetadata().getNodes().values())
          .as("Cassandra nodes in the ring")
          .hasSize(3)
          .allMatch(node -> node.getState() == NodeState.UP);
      Row keyspace =
          session
              .execute(
                  "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name ="
                      + " 'iot_keyspace'")
              .one();
      assertThat(keyspace.getMap("replication", String.class, String.class))
          .containsEntry("datacenter1", "3");
    }
    String status = IotProcess.run(ports, dataDir, Duration.ofMinutes(2), "stack", "status");
    assertThat(status.lines().filter(line -> line.matches("^(kafka|cassandra)-\\d .*\\bup\\b.*")))
        .as(status)
        .hasSize(6);
  }

  @Test
  @Order(2)
  void killingTheBusiestBrokerAndACassandraNodeLosesNothingAndTheApiAnswers() throws Exception {
    int apiPort = FreePorts.take(1).get(0);
    ApiPoller poller;
    JsonNode verdict;
    String output;
    try (IotProcess api =
        IotProcess.start(ports, dataDir, "serve", "--port", Integer.toString(apiPort))) {
      poller = new ApiPoller(apiPort);
      poller.awaitFirstAnswer();
      poller.start();
      try (IotProcess chaos =
          IotProcess.start(
              ports,
              dataDir,
              "chaos",
              "--readings",
              Integer.toString(READINGS),
              "--rate",
              "3000",
              "--faults",
              "kill-kafka,kill-cassandra",
              "--every",
              "30s",
              "--with-stream",
              "--seed",
              "5")) {
        boolean exited = chaos.process().waitFor(20, TimeUnit.MINUTES);
        output = chaos.output();
        assertThat(exited).as("./iot chaos finished; output:%n%s", output).isTrue();
        assertThat(chaos.process().exitValue()).as("exit code; output:%n%s", output).isZero();
        List<String> lines = output.lines().toList();
        verdict = new ObjectMapper().readTree(lines.get(lines.size() - 1));
      } finally {
        poller.stop();
      }
    }

    assertThat(verdict.path("valid").asBoolean()).as(output).isTrue();
    assertThat(verdict.path("attempted").asLong()).isEqualTo(READINGS);
    assertThat(verdict.path("lost").asLong()).isZero();
    assertThat(verdict.path("unexpected").asLong()).isZero();
    assertThat(verdict.path("unplanned_exits").asLong()).as(output).isZero();
    assertThat(verdict.path("stream_aggregates_mismatched").asLong()).isZero();
    // The ingester kept storing while the nodes were down: never 30 s without a commit.
    assertThat(verdict.path("stall_s_max").asDouble()).as(output).isLessThanOrEqualTo(30.0);
    List<String> faults =
        StreamSupport.stream(verdict.path("faults").spliterator(), false)
            .map(fault -> fault.path("fault").asText())
            .toList();
    assertThat(faults).containsExactly("kill-kafka", "kill-cassandra");
    // One node each, named in the run's table: the busiest broker and a Cassandra node.
    assertThat(output)
        .containsPattern("kafka-\\d: SIGKILL PID")
        .containsPattern("cassandra-\\d: SIGKILL PID");

    // Every replica answers for every row: a read at ALL needs all three.
    long acknowledged = verdict.path("acknowledged").asLong();
    assertThat(chaosRows(ConsistencyLevel.ALL))
        .as("rows read at CONSISTENCY ALL")
        .isEqualTo(acknowledged);

    assertThat(poller.requests()).as("API requests during the run").isGreaterThan(60);
    assertThat(poller.unanswered())
        .as("API requests without an answer: %s", poller.failures())
        .isZero();
    assertThat(poller.notOk()).as("API answers other than 200: %s", poller.failures()).isZero();
  }

  @Test
  @Order(3)
  void aStopAndStartKeepsTheDataAndLeavesNothingRunningInBetween() throws Exception {
    IotProcess.run(ports, dataDir, Duration.ofMinutes(3), "stack", "down");
    String marker = "-Diot.data-dir=" + dataDir;
    assertThat(
            ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .toList())
        .as("processes of this stack after stack down")
        .isEmpty();
    for (int node = 1; node <= 3; node++) {
      String address = "127.0.0." + node;
      assertThat(PortProbe.isFree(new InetSocketAddress(address, kafkaPort))).isTrue();
      assertThat(PortProbe.isFree(new InetSocketAddress(address, cassandraPort))).isTrue();
    }

    IotProcess.run(ports, dataDir, Duration.ofMinutes(8), "stack", "up");
    assertThat(chaosRows(ConsistencyLevel.LOCAL_QUORUM))
        .as("rows after the restart")
        .isEqualTo(READINGS);
    try (Admin admin = admin()) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("iotdata");
    }
  }

  /** The chaos run's rows, counted row by row (a page at a time) at {@code consistency}. */
  private long chaosRows(ConsistencyLevel consistency) {
    try (CqlSession session = session()) {
      long rows = 0;
      for (Row ignored :
          session.execute(
              SimpleStatement.newInstance("SELECT sensor_id FROM iot_chaos.sensor_data")
                  .setConsistencyLevel(consistency)
                  .setPageSize(5_000)
                  .setTimeout(Duration.ofMinutes(1)))) {
        rows++;
      }
      return rows;
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:" + kafkaPort + ",127.0.0.2:" + kafkaPort + ",127.0.0.3:" + kafkaPort));
  }

  private CqlSession session() {
    CqlSessionBuilder builder = CqlSession.builder().withLocalDatacenter("datacenter1");
    for (int node = 1; node <= 3; node++) {
      builder.addContactPoint(new InetSocketAddress("127.0.0." + node, cassandraPort));
    }
    return builder.build();
  }

  /**
   * Asks the API for today's alerts twice a second (a Cassandra read per request, unlike the fleet,
   * which the API serves from memory), counting what did not come back as 200.
   */
  private static final class ApiPoller {
    private final HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger notOk = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ApiPoller(int port) {
      this.uri = URI.create("http://127.0.0.1:" + port + "/api/alerts");
      this.thread = new Thread(this::poll, "cluster-it-api-poller");
      thread.setDaemon(true);
    }

    void awaitFirstAnswer() throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        try {
          if (get().statusCode() == 200) {
            return;
          }
        } catch (Exception e) {
          // not listening yet
        }
        Thread.sleep(500);
      }
      throw new AssertionError("the API did not answer within 2 minutes");
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(30_000);
    }

    private HttpResponse<String> get() throws Exception {
      return client.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    private void poll() {
      while (running) {
        requests.incrementAndGet();
        try {
          HttpResponse<String> response = get();
          if (response.statusCode() != 200) {
            notOk.incrementAndGet();
            record(response.statusCode() + " " + response.body());
          }
        } catch (Exception e) {
          unanswered.incrementAndGet();
          record(e.toString());
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private synchronized void record(String failure) {
      if (failures.size() < 10) {
        failures.add(failure);
      }
    }

    int requests() {
      return requests.get();
    }

    int unanswered() {
      return unanswered.get();
    }

    int notOk() {
      return notOk.get();
    }

    synchronized List<String> failures() {
      return List.copyOf(failures);
    }
  }
}
