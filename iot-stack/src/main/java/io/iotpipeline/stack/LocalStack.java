package io.iotpipeline.stack;

import io.iotpipeline.config.StackSettings;
import io.iotpipeline.stack.Readiness.ServiceFailedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: Kafka and Cassandra, one node each or {@code stack.nodes} of each (named {@code
 * kafka-1..n}, {@code cassandra-1..n}, on 127.0.0.1..n), as child JVMs whose data, config and logs
 * live under the data directory. The processes outlive this object; they are found again through
 * PID files, so {@code up} twice is harmless and {@code down} works from any later command. The
 * data dir remembers how many nodes its stack has ({@link StackSettings#LAYOUT_FILE}).
 */
public final class LocalStack {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final StackSettings settings;
  private final List<LocalService> services;
  private final Supplier<StackSecrets> secrets;

  public LocalStack(StackSettings settings) {
    this.settings = settings;
    this.secrets = StackSecrets.lazy(settings);
    List<LocalService> all = new ArrayList<>();
    for (int node = 1; node <= settings.nodes(); node++) {
      all.add(new KafkaService(settings, node, secrets));
    }
    for (int node = 1; node <= settings.nodes(); node++) {
      all.add(new CassandraService(settings, node, secrets));
    }
    all.add(SparkService.master(settings));
    all.add(SparkService.worker(settings));
    this.services = List.copyOf(all);
  }

  public StackSettings settings() {
    return settings;
  }

  public List<String> serviceNames() {
    return services.stream().map(LocalService::name).toList();
  }

  /** Kafka and Cassandra always; Spark when enabled ({@code stack.spark}) or already running. */
  private List<LocalService> wanted() {
    return services.stream()
        .filter(
            s ->
                !(s instanceof SparkService)
                    || settings.spark().enabled()
                    || process(s).running().isPresent())
        .toList();
  }

  /** What one {@link #up} did for a service. */
  public record Started(
      String name, long pid, String address, int port, boolean alreadyRunning, Duration took) {}

  /**
   * Starts whatever is not running and waits until all services are ready. On any failure it stops
   * the services this call started (nothing half-started remains) and throws a {@link
   * StackException} that says what went wrong, with the tail of the service log.
   */
  public List<Started> up() {
    return up(wanted().stream().map(LocalService::name).toList());
  }

  /**
   * Like {@link #up()}, for the named services only (e.g. Spark beside a Kafka and Cassandra that
   * another data dir runs).
   */
  public List<Started> up(List<String> serviceNames) {
    JavaCommand.requireJava17();
    requireWritableDataDir();
    requireSameLayout();
    Instant began = Instant.now();
    Map<LocalService, ProcessHandle> toAwait = new LinkedHashMap<>();
    List<Started> result = new ArrayList<>();
    List<LocalService> toStart = new ArrayList<>();
    for (LocalService service : services) {
      if (!serviceNames.contains(service.name())) {
        continue;
      }
      Optional<ProcessHandle> running = process(service).running();
      if (running.isPresent()) {
        toAwait.put(service, running.get());
      } else {
        toStart.add(service);
      }
    }
    requireFreePorts(toStart);
    List<LocalService> startedHere = new ArrayList<>();
    try {
      for (LocalService service : toStart) {
        service.prepare();
        log.debug("starting {}: {}", service.name(), service.command());
        ProcessHandle handle =
            process(service).launch(service.command(), service.home(), service.environment());
        startedHere.add(service);
        toAwait.put(service, handle);
      }
      // Several nodes start side by side on the same cores: each gets the time one would.
      Instant deadline = began.plus(settings.startTimeout().multipliedBy(settings.nodes()));
      for (Map.Entry<LocalService, ProcessHandle> entry : toAwait.entrySet()) {
        LocalService service = entry.getKey();
        service.awaitReady(entry.getValue(), deadline);
        result.add(
            new Started(
                service.name(),
                entry.getValue().pid(),
                service.address(),
                service.clientPort(),
                !startedHere.contains(service),
                Duration.between(began, Instant.now())));
      }
      if (settings.secure()
          && toAwait.keySet().stream().anyMatch(s -> s.engine().equals(CassandraService.NAME))) {
        new SecureAccess(settings, secrets).establishCassandraRoles(deadline);
      }
      if (settings.nodes() > 1) {
        ClusterFormation.await(settings, toAwait.keySet(), deadline);
      }
      settings.rememberLayout();
      return result;
    } catch (IOException e) {
      throw new StackException(
          "cannot write " + settings.dataDir().resolve(StackSettings.LAYOUT_FILE) + ": " + e, e);
    } catch (RuntimeException e) {
      for (LocalService service : startedHere) {
        process(service).stop(Duration.ofSeconds(10));
      }
      if (e instanceof ServiceFailedException failure) {
        ServiceProcess failed = processNamed(failure.service);
        throw new StackException(
            failure.getMessage()
                + " (timeout "
                + settings.startTimeout().toSeconds()
                + " s); stopped what this command started. Last lines of "
                + failed.logFile()
                + ":\n"
                + failed.tailLog(25),
            e);
      }
      throw e;
    }
  }

  /**
   * Stops every running service, in the reverse order of start (Spark before the stores it reads).
   * The nodes of one engine stop together: a Kafka node stopping last, after the others, would wait
   * for a controller quorum that is gone and be killed at the timeout.
   *
   * @return per service: "stopped", "killed" (after the grace period) or "not running"
   */
  public Map<String, String> down() {
    Map<String, String> outcome = new LinkedHashMap<>();
    List<LocalService> reverseStartOrder = new ArrayList<>(services);
    Collections.reverse(reverseStartOrder);
    Map<String, List<LocalService>> byEngine = new LinkedHashMap<>();
    for (LocalService service : reverseStartOrder) {
      byEngine.computeIfAbsent(service.engine(), engine -> new ArrayList<>()).add(service);
    }
    for (List<LocalService> nodes : byEngine.values()) {
      ExecutorService stopping = Executors.newFixedThreadPool(nodes.size());
      try {
        List<Future<String>> stopped = new ArrayList<>();
        for (LocalService service : nodes) {
          stopped.add(stopping.submit(() -> stopOrNote(process(service))));
        }
        for (int i = 0; i < nodes.size(); i++) {
          outcome.put(nodes.get(i).name(), stopped.get(i).get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("interrupted while stopping the stack", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException runtime
            ? runtime
            : new StackException("cannot stop the stack: " + e.getCause(), e.getCause());
      } finally {
        stopping.shutdown();
      }
    }
    return outcome;
  }

  private String stopOrNote(ServiceProcess process) {
    if (process.running().isEmpty()) {
      process.stop(Duration.ZERO);
      return "not running";
    }
    return process.stop(settings.stopTimeout()) ? "stopped" : "killed";
  }

  /**
   * Stops one running node cleanly (SIGTERM, then SIGKILL after {@code stack.stop-timeout}); {@link
   * #up(List)} starts it again with its data.
   *
   * @return "stopped", or "killed" when it did not stop within the timeout
   */
  public String stop(String serviceName) {
    ServiceProcess process = processNamed(serviceName);
    if (process.running().isEmpty()) {
      throw new StackException(serviceName + " is not running");
    }
    return process.stop(settings.stopTimeout()) ? "stopped" : "killed";
  }

  /**
   * Crashes a running service with SIGKILL: no shutdown hook, no flush, exactly what a process
   * crash leaves behind. {@link #up} restarts it with its data.
   *
   * @return the PID that was killed
   */
  public long kill(String serviceName) {
    ProcessHandle handle = runningProcess(serviceName);
    ProcessSignals.kill(handle, serviceName);
    return handle.pid();
  }

  /**
   * Hangs a running service with SIGSTOP: its sockets stay open and answer nothing, so clients see
   * timeouts, not refused connections. {@link #resume} lets it go on.
   *
   * @return the PID that was stopped
   */
  public long pause(String serviceName) {
    return signal(serviceName, "STOP");
  }

  /** Sends SIGCONT to a service paused by {@link #pause}. */
  public long resume(String serviceName) {
    return signal(serviceName, "CONT");
  }

  private long signal(String serviceName, String signal) {
    long pid = runningProcess(serviceName).pid();
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        throw new StackException("kill -" + signal + " " + pid + " failed: " + output.trim());
      }
    } catch (IOException e) {
      throw new StackException(
          "cannot send SIG" + signal + " to " + serviceName + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while signalling " + serviceName, e);
    }
    return pid;
  }

  private ProcessHandle runningProcess(String serviceName) {
    return processNamed(serviceName)
        .running()
        .orElseThrow(() -> new StackException(serviceName + " is not running"));
  }

  public List<ServiceStatus> status() {
    List<ServiceStatus> statuses = new ArrayList<>();
    for (LocalService service : wanted()) {
      Optional<ProcessHandle> running = process(service).running();
      Duration uptime =
          running
              .flatMap(h -> h.info().startInstant())
              .map(start -> Duration.between(start, Instant.now()))
              .orElse(Duration.ZERO);
      statuses.add(
          new ServiceStatus(
              service.name(),
              service.engine(),
              service.address(),
              running.isPresent(),
              running.map(h -> ServiceProcess.isPaused(h.pid())).orElse(false),
              PortProbe.isListening(service.address(), service.clientPort()),
              service.clientPort(),
              running.map(h -> OptionalLong.of(h.pid())).orElse(OptionalLong.empty()),
              uptime,
              running.map(h -> ServiceProcess.residentBytes(h.pid())).orElse(-1L),
              directorySize(service.home())));
    }
    return statuses;
  }

  public boolean isUp() {
    return status().stream().allMatch(ServiceStatus::up);
  }

  /** The log file of a service, for {@code iot stack logs}. */
  public Path logFile(String serviceName) {
    return processNamed(serviceName).logFile();
  }

  /** The last lines of a service log. */
  public String tailLog(String serviceName, int lines) {
    return processNamed(serviceName).tailLog(lines);
  }

  private ServiceProcess processNamed(String serviceName) {
    return services.stream()
        .filter(s -> s.name().equals(serviceName))
        .findFirst()
        .map(this::process)
        .orElseThrow(
            () ->
                new StackException(
                    "unknown service '"
                        + serviceName
                        + "'; services: "
                        + String.join(", ", serviceNames())));
  }

  private ServiceProcess process(LocalService service) {
    return new ServiceProcess(
        service.name(),
        settings.dataDir().resolve("run"),
        service.home().resolve("logs").resolve(service.name() + ".log"));
  }

  private void requireFreePorts(List<LocalService> toStart) {
    for (LocalService service : toStart) {
      for (InetSocketAddress address : service.ports()) {
        if (!PortProbe.isFree(address)) {
          String owner = PortProbe.describeOwner(address.getPort()).map(o -> " by " + o).orElse("");
          throw new StackException(
              "cannot start "
                  + service.name()
                  + ": port "
                  + address.getPort()
                  + " is already in use on "
                  + address.getHostString()
                  + owner
                  + ". Stop that process, or choose other ports"
                  + " (e.g. IOT_STACK_KAFKA_PORT, IOT_STACK_CASSANDRA_PORT; see ./iot config).");
        }
      }
    }
  }

  /**
   * A data dir holds one stack shape: its nodes' data and the clients' settings follow it, so
   * starting 3 nodes over a 1-node stack's data (or the reverse) is refused, not half-done.
   */
  private void requireSameLayout() {
    Path dataDir = settings.dataDir();
    // Stacks made before the layout file existed had one plain node, in data/kafka and
    // data/cassandra.
    boolean hasNodes =
        Files.isDirectory(dataDir.resolve(KafkaService.NAME))
            || Files.isDirectory(dataDir.resolve(CassandraService.NAME));
    StackSettings.Layout existing =
        StackSettings.rememberedLayout(dataDir)
            .orElse(
                hasNodes
                    ? new StackSettings.Layout(1, false)
                    : new StackSettings.Layout(settings.nodes(), settings.secure()));
    if (existing.nodes() != settings.nodes()) {
      throw new StackException(
          "the stack in "
              + dataDir
              + " has "
              + existing.nodes()
              + " node(s) per engine, not "
              + settings.nodes()
              + ". Use another --data-dir for a "
              + settings.nodes()
              + "-node stack, or stop this one (./iot stack down) and delete "
              + dataDir);
    }
    if (existing.secure() != settings.secure()) {
      throw new StackException(
          "the stack in "
              + dataDir
              + " is "
              + (existing.secure() ? "secure" : "plain")
              + ", not "
              + (settings.secure() ? "secure" : "plain")
              + ": its nodes' users, certificates and data follow that. Use another --data-dir,"
              + " or stop this one (./iot stack down) and delete "
              + dataDir);
    }
  }

  private void requireWritableDataDir() {
    Path dataDir = settings.dataDir();
    try {
      Files.createDirectories(dataDir);
      Path probe = Files.createTempFile(dataDir, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (AccessDeniedException e) {
      throw new StackException(
          "data dir "
              + dataDir
              + " is not writable (access denied at "
              + e.getFile()
              + "); choose another with --data-dir or IOT_DATA_DIR");
    } catch (IOException e) {
      throw new StackException(
          "data dir "
              + dataDir
              + " is not writable: "
              + e
              + "; choose another with --data-dir or IOT_DATA_DIR");
    }
  }

  static long directorySize(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              total[0] += attributes.size();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // files come and go under a live service
            }
          });
    } catch (IOException e) {
      return total[0];
    }
    return total[0];
  }
}
