package io.iotpipeline.cli;

import io.iotpipeline.clients.schema.PipelineSchema;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.ClusterView;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.stack.SecureAccess;
import io.iotpipeline.stack.ServiceStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code iot stack up|down|status|logs} and the node faults {@code kill|stop|start|pause|resume
 * NODE}: the local Kafka and Cassandra processes.
 */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Start, stop and inspect the local Kafka and Cassandra nodes (one of each, or three with",
      "--nodes 3), and crash, stop, start, hang or resume one node as a fault."
    },
    subcommands = {
      StackCommand.Up.class,
      StackCommand.Down.class,
      StackCommand.Status.class,
      StackCommand.Logs.class,
      StackCommand.Kill.class,
      StackCommand.Stop.class,
      StackCommand.Start.class,
      StackCommand.Pause.class,
      StackCommand.Resume.class
    })
public final class StackCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Start Kafka (KRaft) and Cassandra as background processes, wait until both",
        "answer, then create the topics and apply the schema. Harmless when already up."
      })
  static final class Up implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Option(
        names = "--spark",
        description =
            "Also start a Spark standalone master and worker "
                + "(spark://127.0.0.1:7077, UI http://127.0.0.1:8090).")
    boolean spark;

    @Option(
        names = "--nodes",
        paramLabel = "N",
        description =
            "Nodes per engine (setting stack.nodes, default 1; the data dir remembers it). 3 runs"
                + " kafka-1..3 and cassandra-1..3 on 127.0.0.1..3, replication factor 3.")
    Integer nodes;

    @Option(
        names = "--secure",
        description =
            "Authentication, ACLs and TLS on every connection (setting stack.security=on; the"
                + " data dir remembers it): see docs/security.md.")
    boolean secure;

    @Override
    public Integer call() {
      Map<String, String> flags = new LinkedHashMap<>();
      if (spark) {
        flags.put("stack.spark", "true");
      }
      if (secure) {
        flags.put("stack.security", "on");
      }
      if (nodes != null) {
        flags.put("stack.nodes", Integer.toString(nodes));
      }
      // The node count decides the client settings the local stack implies: apply it first.
      Settings settings = global.load(flags);
      StackSettings stackSettings = StackSettings.from(settings);
      LocalStack stack = new LocalStack(stackSettings);
      long began = System.nanoTime();
      System.out.println("Starting the local stack in " + stackSettings.dataDir() + " ...");
      for (LocalStack.Started started : stack.up()) {
        System.out.printf(
            "  %-13s %-16s pid %-8d %-16s %s%n",
            started.name(),
            started.alreadyRunning() ? "already running" : "started",
            started.pid(),
            started.address() + ":" + started.port(),
            started.alreadyRunning() ? "" : "ready after " + Durations.format(started.took()));
      }
      // On a secure stack the admin's credentials exist from here on: topics, schema and grants
      // are made as iot_admin.
      Settings admin = settings.asComponent("admin");
      KafkaSettings kafka = KafkaSettings.from(admin);
      CassandraSettings cassandra = CassandraSettings.from(admin);
      PipelineSchema.Outcome outcome = PipelineSchema.ensure(kafka, cassandra);
      if (stackSettings.secure()) {
        new SecureAccess(stackSettings)
            .grant(cassandra.keyspace(), kafka, admin.get("ingest.group-id"));
        System.out.printf(
            "  %-13s roles and ACLs per component; credentials in %s%n",
            "security", stackSettings.secretsDir());
      }
      System.out.printf(
          "  %-13s %s%n",
          "topics",
          outcome.createdTopics().isEmpty()
              ? "present: "
                  + String.join(
                      ", ",
                      List.of(
                          kafka.topic(), kafka.dlqTopic(), kafka.truthTopic(), kafka.alertsTopic()))
              : "created: " + String.join(", ", outcome.createdTopics()));
      System.out.printf(
          "  %-13s %s at version %d%s%n",
          "schema",
          cassandra.keyspace(),
          outcome.schemaVersion(),
          outcome.appliedMigrations().isEmpty()
              ? ""
              : " (applied "
                  + String.join(
                      ", ",
                      outcome.appliedMigrations().stream()
                          .map(m -> "V" + m.version() + " " + m.description())
                          .toList())
                  + ")");
      System.out.printf(
          "Stack up in %s. Kafka %s, Cassandra %s%s. Stop with: ./iot stack down%n",
          Durations.format(Duration.ofNanos(System.nanoTime() - began)),
          stackSettings.kafkaBootstrap(),
          stackSettings.cassandraContactPoints(),
          stackSettings.spark().enabled() ? ", Spark " + stackSettings.spark().masterUrl() : "");
      return 0;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description =
          "Stop the local services (SIGTERM, then kill after stack.stop-timeout). Data stays.")
  static final class Down implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() {
      LocalStack stack = new LocalStack(StackSettings.from(global.load()));
      stack.down().forEach((name, outcome) -> System.out.printf("  %-13s %s%n", name, outcome));
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Show each local node: address, state, PID, uptime, memory, data size, and what its",
        "cluster says of it (Kafka: partitions it leads; Cassandra: its state in the ring).",
        "Exit 1 if any is down."
      })
  static final class Status implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() {
      StackSettings stackSettings = StackSettings.from(global.load());
      LocalStack stack = new LocalStack(stackSettings);
      List<ServiceStatus> statuses = stack.status();
      boolean anyKafka = statuses.stream().anyMatch(s -> s.up() && s.engine().equals("kafka"));
      boolean anyCassandra =
          statuses.stream().anyMatch(s -> s.up() && s.engine().equals("cassandra"));
      Map<Integer, Integer> leaders =
          anyKafka ? ClusterView.kafkaLeaders(stackSettings).orElse(Map.of()) : Map.of();
      Map<String, String> ring =
          anyCassandra ? ClusterView.cassandraStates(stackSettings).orElse(Map.of()) : Map.of();
      String format = "%-13s %-16s %-6s %-8s %-8s %-9s %-9s %s%n";
      System.out.printf(
          format, "NODE", "ADDRESS", "STATE", "PID", "UPTIME", "MEMORY", "DATA", "CLUSTER");
      for (ServiceStatus status : statuses) {
        System.out.printf(
            format,
            status.name(),
            status.address() + ":" + status.port(),
            status.state(),
            status.pid().isPresent() ? Long.toString(status.pid().getAsLong()) : "-",
            status.running() ? Durations.format(status.uptime()) : "-",
            status.residentBytes() < 0 ? "-" : Bytes.format(status.residentBytes()),
            Bytes.format(status.dataBytes()),
            clusterView(status, leaders, ring));
      }
      return statuses.stream().allMatch(ServiceStatus::up) ? 0 : 1;
    }

    /** Node {@code i} of Kafka is broker id {@code i}: the name's number, or 1 alone. */
    private static String clusterView(
        ServiceStatus status, Map<Integer, Integer> leaders, Map<String, String> ring) {
      return switch (status.engine()) {
        case "kafka" -> {
          // The metadata still names a dead broker as leader until the controller fences it.
          if (!status.up() || leaders.isEmpty()) {
            yield "-";
          }
          int id =
              Integer.parseInt(status.address().substring(status.address().lastIndexOf('.') + 1));
          yield "leads " + leaders.getOrDefault(id, 0) + " partitions";
        }
        case "cassandra" ->
            "ring: " + ring.getOrDefault(status.address(), ring.isEmpty() ? "-" : "not seen");
        default -> "";
      };
    }
  }

  /** One node, named as {@code stack status} lists it. */
  abstract static class NodeCommand implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(
        paramLabel = "NODE",
        description =
            "A node as ./iot stack status lists it: kafka, cassandra (one node each)"
                + " or kafka-1..3, cassandra-1..3 (--nodes 3).")
    String node;

    @Override
    public Integer call() {
      LocalStack stack = new LocalStack(StackSettings.from(global.load()));
      System.out.println("  " + node + " " + act(stack));
      return 0;
    }

    abstract String act(LocalStack stack);
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description = "Crash a node with SIGKILL (no shutdown, no flush); start brings it back.")
  static final class Kill extends NodeCommand {
    @Override
    String act(LocalStack stack) {
      return "killed (SIGKILL PID " + stack.kill(node) + ")";
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop a node cleanly (SIGTERM, SIGKILL after stack.stop-timeout). Data stays.")
  static final class Stop extends NodeCommand {
    @Override
    String act(LocalStack stack) {
      return stack.stop(node);
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start a stopped or killed node with its data; returns once it answers.")
  static final class Start extends NodeCommand {
    @Override
    String act(LocalStack stack) {
      LocalStack.Started started = stack.up(List.of(node)).get(0);
      return started.alreadyRunning()
          ? "already running (PID " + started.pid() + ")"
          : "started (PID " + started.pid() + "), ready after " + Durations.format(started.took());
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Hang a node with SIGSTOP: its sockets stay open and answer nothing.")
  static final class Pause extends NodeCommand {
    @Override
    String act(LocalStack stack) {
      return "paused (SIGSTOP PID "
          + stack.pause(node)
          + "); resume it with ./iot stack resume "
          + node;
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Let a paused node go on (SIGCONT).")
  static final class Resume extends NodeCommand {
    @Override
    String act(LocalStack stack) {
      return "resumed (SIGCONT PID " + stack.resume(node) + ")";
    }
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = "Print the end of a service log (both when no service is named).")
  static final class Logs implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(
        arity = "0..1",
        paramLabel = "NODE",
        description = "A node as ./iot stack status lists it (e.g. kafka, cassandra-2)")
    String service;

    @Option(
        names = {"-n", "--lines"},
        defaultValue = "40",
        description = "Lines to show (default 40).")
    int lines;

    @Option(
        names = {"-f", "--follow"},
        description = "Keep printing new lines until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
      LocalStack stack = new LocalStack(StackSettings.from(global.load()));
      List<String> names = service == null ? stack.serviceNames() : List.of(service);
      for (String name : names) {
        Path logFile = stack.logFile(name);
        System.out.println("==> " + logFile + " <==");
        if (!Files.exists(logFile)) {
          System.out.println("(no log yet: the service has not been started with this data dir)");
          continue;
        }
        System.out.println(stack.tailLog(name, lines));
      }
      if (follow && names.size() == 1) {
        follow(stack.logFile(names.get(0)));
      }
      return 0;
    }

    private static void follow(Path logFile) throws IOException, InterruptedException {
      long position = Files.size(logFile);
      while (!Thread.currentThread().isInterrupted()) {
        long size = Files.size(logFile);
        if (size > position) {
          try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            file.seek(position);
            byte[] bytes = new byte[(int) Math.min(size - position, 1 << 20)];
            file.readFully(bytes);
            System.out.print(new String(bytes, StandardCharsets.UTF_8));
            position += bytes.length;
          }
        } else {
          Thread.sleep(300);
        }
      }
    }
  }
}
