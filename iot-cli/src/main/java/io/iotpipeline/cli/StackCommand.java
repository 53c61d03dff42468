package io.iotpipeline.cli;

import io.iotpipeline.clients.schema.PipelineSchema;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.stack.ServiceStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code iot stack up|down|status|logs}: the local Kafka + Cassandra processes. */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = "Start, stop and inspect the local Kafka broker and Cassandra node.",
    subcommands = {
      StackCommand.Up.class,
      StackCommand.Down.class,
      StackCommand.Status.class,
      StackCommand.Logs.class
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

    @Override
    public Integer call() {
      Settings loaded = global.load();
      Settings settings = spark ? loaded.with(Map.of("stack.spark", "true")) : loaded;
      StackSettings stackSettings = StackSettings.from(settings);
      LocalStack stack = new LocalStack(stackSettings);
      long began = System.nanoTime();
      System.out.println("Starting the local stack in " + stackSettings.dataDir() + " ...");
      for (LocalStack.Started started : stack.up()) {
        System.out.printf(
            "  %-13s %-16s pid %-8d 127.0.0.1:%-6d %s%n",
            started.name(),
            started.alreadyRunning() ? "already running" : "started",
            started.pid(),
            started.port(),
            started.alreadyRunning() ? "" : "ready after " + Durations.format(started.took()));
      }
      KafkaSettings kafka = KafkaSettings.from(settings);
      CassandraSettings cassandra = CassandraSettings.from(settings);
      PipelineSchema.Outcome outcome = PipelineSchema.ensure(kafka, cassandra);
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
          stackSettings.cassandraContactPoint(),
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
      description =
          "Show each local service: state, port, PID, uptime, memory, data size. Exit 1 if any is down.")
  static final class Status implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Override
    public Integer call() {
      LocalStack stack = new LocalStack(StackSettings.from(global.load()));
      List<ServiceStatus> statuses = stack.status();
      System.out.printf(
          "%-13s %-6s %-6s %-8s %-8s %-9s %s%n",
          "SERVICE", "STATE", "PORT", "PID", "UPTIME", "MEMORY", "DATA");
      for (ServiceStatus status : statuses) {
        System.out.printf(
            "%-13s %-6s %-6d %-8s %-8s %-9s %s%n",
            status.name(),
            status.up() ? "up" : status.running() ? "start" : "down",
            status.port(),
            status.pid().isPresent() ? Long.toString(status.pid().getAsLong()) : "-",
            status.running() ? Durations.format(status.uptime()) : "-",
            status.residentBytes() < 0 ? "-" : Bytes.format(status.residentBytes()),
            Bytes.format(status.dataBytes()));
      }
      return statuses.stream().allMatch(ServiceStatus::up) ? 0 : 1;
    }
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = "Print the end of a service log (both when no service is named).")
  static final class Logs implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "kafka or cassandra")
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
