package io.iotpipeline.cli;

import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.clients.schema.PipelineSchema;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Durations;
import io.iotpipeline.config.KafkaSettings;
import io.iotpipeline.config.Settings;
import io.iotpipeline.config.StackSettings;
import io.iotpipeline.process.StopSignal;
import io.iotpipeline.stack.LocalStack;
import io.iotpipeline.stack.SecureAccess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iot demo}: the whole pipeline on one machine, with one refreshing status block. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the whole pipeline with a live dashboard.",
      "Starts the local stack (unless --external), then the simulator, the ingester, the Spark",
      "streaming job and the API + dashboard. Prints a status block that refreshes; Ctrl-C stops",
      "everything it started and leaves the stack and data."
    })
public final class DemoCommand implements Callable<Integer> {

  /** Stopping the pipeline includes the Spark job's clean stop: longer than the default. */
  private static final Duration DEMO_STOP_GRACE = Duration.ofSeconds(90);

  /** What the pipeline is started with. */
  record Options(int sensors, long seed, boolean analytics) {}

  @Mixin GlobalOptions global;

  @Option(
      names = "--sensors",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Fleet size; each sensor reports once a second in real time (default 1000).")
  int sensors;

  @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default 1).")
  long seed;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Dashboard/API port (default api.port = 8080).")
  Integer port;

  @Option(
      names = "--external",
      description =
          "Use the configured Kafka and Cassandra (IOT_KAFKA_BOOTSTRAP, ...) instead of the local stack.")
  boolean external;

  @Option(
      names = "--secure",
      description =
          "Run on a secure local stack (stack up --secure): every component with its own"
              + " credentials, over TLS; the API asks for its token.")
  boolean secure;

  @Option(
      names = "--no-analytics",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Skip the Spark streaming job (saves ~1 GB and a core).")
  boolean analytics;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description = "Stop by itself after this long (e.g. 60s); default: run until Ctrl-C.")
  String duration;

  @Option(
      names = "--refresh",
      defaultValue = "2s",
      paramLabel = "D",
      description = "Status refresh interval (default 2s).")
  String refresh;

  @Override
  public Integer call() throws Exception {
    // The status block is the demo's output; INFO lines of the ingester and API in between would
    // break it. With IOT_LOG_LEVEL set the user asked to see them.
    try (QuietConsoleLogs quiet =
        System.getenv("IOT_LOG_LEVEL") == null
            ? QuietConsoleLogs.install()
            : QuietConsoleLogs.none()) {
      return run();
    }
  }

  private int run() throws Exception {
    Instant began = Instant.now();
    Map<String, String> flags = new LinkedHashMap<>();
    if (port != null) {
      flags.put("api.port", Integer.toString(port));
    }
    if (secure) {
      flags.put("stack.security", "on");
    }
    Settings settings = external ? global.loadWithoutLocalStack().with(flags) : global.load(flags);
    StackSettings stack = StackSettings.from(settings);
    if (!external) {
      System.out.println(
          "Starting the local stack (Kafka, Cassandra) in " + stack.dataDir() + " ...");
      for (LocalStack.Started started : new LocalStack(stack).up()) {
        System.out.printf(
            "  %-10s %s, port %d%n",
            started.name(),
            started.alreadyRunning() ? "already running" : "started",
            started.port());
      }
    }
    // A secure stack's credentials exist once it is up.
    settings = settings.asComponent("admin");
    KafkaSettings kafka = KafkaSettings.from(settings);
    CassandraSettings cassandra = CassandraSettings.from(settings);
    PipelineSchema.ensure(kafka, cassandra);
    if (!external && stack.secure()) {
      new SecureAccess(stack).grant(cassandra.keyspace(), kafka, settings.get("ingest.group-id"));
    }
    Path analyticsLog = stack.dataDir().resolve("logs").resolve("analytics-stream.log");
    Duration every = Durations.parse(refresh);
    Instant deadline =
        duration == null ? Instant.MAX : Instant.now().plus(Durations.parse(duration));

    StatusBlock block = new StatusBlock(System.console() != null);
    String outcome;
    // Closed once the pipeline is stopped: a Ctrl-C ends the watch, then waits for that.
    try (StopSignal ctrlC = StopSignal.install("demo", DEMO_STOP_GRACE);
        RunningJobs.Registration job =
            new RunningJobs(stack.dataDir(), Clock.systemUTC()).register("demo");
        DemoPipeline pipeline =
            DemoPipeline.create(
                settings, new Options(sensors, seed, analytics), analyticsLog, Clock.systemUTC())) {
      pipeline.start();
      System.out.printf(
          "Pipeline up after %s. Dashboard: %s  (Spark log: %s)%n",
          Durations.format(Duration.between(began, Instant.now())),
          pipeline.apiUrl(),
          analyticsLog);
      outcome = watch(pipeline, job, block, every, deadline, ctrlC);
      System.out.println("Stopping the simulator, ingester, analytics and API ...");
    }
    System.out.println(
        outcome
            + (external
                ? ""
                : " The stack keeps running with its data; " + "./iot stack down stops it."));
    return outcome.startsWith("error") ? 1 : 0;
  }

  private String watch(
      DemoPipeline pipeline,
      RunningJobs.Registration job,
      StatusBlock block,
      Duration every,
      Instant deadline,
      StopSignal ctrlC)
      throws InterruptedException {
    long lastSent = 0;
    long lastNanos = System.nanoTime();
    while (true) {
      if (ctrlC.await(every)) {
        return "Stopped on request.";
      }
      long nanos = System.nanoTime();
      long sent = pipeline.readingsSent();
      DemoPipeline.Status status = pipeline.status((sent - lastSent) / ((nanos - lastNanos) / 1e9));
      lastSent = sent;
      lastNanos = nanos;
      List<String> lines = render(status);
      block.show(lines);
      job.update(lines.get(1).strip());
      Optional<String> failure = pipeline.failure();
      if (failure.isPresent()) {
        return "error: " + failure.get() + ".";
      }
      if (Instant.now().isAfter(deadline)) {
        return "Ran for " + duration + " as asked.";
      }
    }
  }

  static List<String> render(DemoPipeline.Status status) {
    return List.of(
        String.format(Locale.ROOT, "  dashboard  %s", status.apiUrl()),
        String.format(
            Locale.ROOT,
            "  simulator  %,12d readings sent   %,8.0f/s",
            status.readingsSent(),
            status.sendRate()),
        String.format(
            Locale.ROOT,
            "  ingest     %,12d rows stored     %,8.0f/s   lag %s   DLQ %,d",
            status.rowsStored(),
            status.rowsPerSecond(),
            status.consumerLag() < 0
                ? "-"
                : String.format(Locale.ROOT, "%,d", status.consumerLag()),
            status.deadLetters()),
        String.format(
            Locale.ROOT,
            "  analytics  %-9s latest minute window %s   alerts today %,d",
            status.analyticsRunning() ? "running" : "stopped",
            status.latestMinute().map(Instant::toString).orElse("(first micro-batch pending)"),
            status.alertsToday()),
        "  Ctrl-C stops the pipeline (the stack and data stay).");
  }

  /** Redraws the block in place on a terminal; prints it as plain lines otherwise (logs, CI). */
  static final class StatusBlock {
    private final boolean terminal;
    private int shownLines;

    StatusBlock(boolean terminal) {
      this.terminal = terminal;
    }

    void show(List<String> lines) {
      StringBuilder out = new StringBuilder();
      if (terminal && shownLines > 0) {
        out.append("\033[").append(shownLines).append('F'); // back to the block's first line
      }
      for (String line : lines) {
        out.append(line);
        if (terminal) {
          out.append("\033[K"); // clear what a longer previous line left
        }
        out.append('\n');
      }
      if (!terminal) {
        out.append('\n');
      }
      System.out.print(out);
      System.out.flush();
      shownLines = lines.size();
    }
  }
}
