package io.iotpipeline.cli;

import io.iotpipeline.clients.jobs.ConsumerLag;
import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.clients.schema.KafkaTopics;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.stack.ServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iot status}: services, jobs, and how far the pipeline's consumers are behind. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show services, running jobs, topic sizes and consumer lag.",
      "The local services, the pipeline jobs running on this machine (demo, simulator, ingest,",
      "analytics, API) with their latest summaries, topic sizes and consumer lag.",
      "Exit 1 when Kafka is unreachable."
    })
public final class StatusCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--group",
      defaultValue = "iot-ingest",
      description = "Consumer group whose lag to show (default iot-ingest).")
  String group;

  @Override
  public Integer call() {
    Settings settings = global.load();
    StackSettings stackSettings = StackSettings.from(settings);
    List<ServiceStatus> services = new LocalStack(stackSettings).status();
    if (services.stream().anyMatch(ServiceStatus::running)) {
      System.out.println("Local stack (" + stackSettings.dataDir() + "):");
      for (ServiceStatus service : services) {
        System.out.printf(
            "  %-13s %-5s port %-6d %s%n",
            service.name(),
            service.up() ? "up" : "down",
            service.port(),
            service.running() ? "up " + Durations.format(service.uptime()) : "");
      }
    } else {
      System.out.println(
          "Local stack: not running here (external clusters are used as configured).");
    }

    List<RunningJobs.Job> jobs = new RunningJobs(stackSettings.dataDir(), Clock.systemUTC()).list();
    System.out.println("Jobs on this machine:" + (jobs.isEmpty() ? " none" : ""));
    for (RunningJobs.Job job : jobs) {
      System.out.printf(
          "  %-13s pid %-8d up %-8s %s (%s ago)%n",
          job.name(),
          job.pid(),
          Durations.format(Duration.between(job.started(), Instant.now())),
          job.summary(),
          Durations.format(Duration.between(job.updated(), Instant.now())));
    }
    return printPipeline(KafkaSettings.from(settings)) ? 0 : 1;
  }

  private boolean printPipeline(KafkaSettings kafka) {
    System.out.println("Kafka " + kafka.bootstrap() + ":");
    try (Admin admin = KafkaTopics.admin(kafka)) {
      System.out.printf(
          "  %-13s %s messages%n",
          kafka.topic(), count(ConsumerLag.messages(admin, kafka.topic())));
      System.out.printf(
          "  %-13s %s messages (rejected input)%n",
          kafka.dlqTopic(), count(ConsumerLag.messages(admin, kafka.dlqTopic())));
      OptionalLong lag = ConsumerLag.lag(admin, group, kafka.topic());
      System.out.printf(
          "  %-13s %s%n",
          "lag",
          lag.isPresent()
              ? count(lag.getAsLong()) + " messages behind (group " + group + ")"
              : "group " + group + " has not committed yet");
      return true;
    } catch (Exception e) {
      System.out.println(
          "  unreachable: " + (e.getCause() != null ? e.getCause() : e).getMessage());
      return false;
    }
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
