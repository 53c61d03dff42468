package io.iotpipeline.stack;

import io.iotpipeline.config.StackSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone master or worker ({@code ./iot stack up --spark}), so jobs can be submitted to
 * {@code spark://127.0.0.1:7077} exactly as to a real cluster.
 */
final class SparkService implements LocalService {

  static final String MASTER = "spark-master";
  static final String WORKER = "spark-worker";

  private final StackSettings settings;
  private final boolean master;
  private final Path home;

  private SparkService(StackSettings settings, boolean master) {
    this.settings = settings;
    this.master = master;
    this.home = settings.dataDir().resolve(master ? MASTER : WORKER);
  }

  static SparkService master(StackSettings settings) {
    return new SparkService(settings, true);
  }

  static SparkService worker(StackSettings settings) {
    return new SparkService(settings, false);
  }

  @Override
  public String name() {
    return master ? MASTER : WORKER;
  }

  @Override
  public int clientPort() {
    return master ? settings.spark().masterPort() : settings.spark().workerUiPort();
  }

  @Override
  public List<InetSocketAddress> ports() {
    List<Integer> ports =
        master
            ? List.of(settings.spark().masterPort(), settings.spark().masterUiPort())
            : List.of(settings.spark().workerUiPort());
    return ports.stream().map(port -> new InetSocketAddress(address(), port)).toList();
  }

  @Override
  public Path home() {
    return home;
  }

  private Path sparkHome() {
    return settings.dataDir().resolve("spark-home");
  }

  @Override
  public void prepare() {
    SparkHome.prepare(sparkHome(), RuntimeClasspath.load("spark"));
  }

  @Override
  public Map<String, String> environment() {
    // SPARK_SCALA_VERSION is what a distribution's load-spark-env.sh would set; without it the
    // worker cannot build its executors' command ("Cannot find any build directories").
    return Map.of(
        "SPARK_HOME",
        sparkHome().toString(),
        "SPARK_LOCAL_IP",
        "127.0.0.1",
        "SPARK_LOG_DIR",
        home.resolve("logs").toString(),
        "SPARK_SCALA_VERSION",
        "2.13");
  }

  @Override
  public List<String> command() {
    List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-Dspark.ui.showConsoleProgress=false"));
    jvm.addAll(SparkJvmOptions.all());
    List<String> arguments =
        master
            ? List.of(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(settings.spark().masterPort()),
                "--webui-port",
                Integer.toString(settings.spark().masterUiPort()))
            : List.of(
                "--host",
                "127.0.0.1",
                "--cores",
                Integer.toString(settings.spark().workerCores()),
                "--memory",
                settings.spark().workerMemory(),
                "--webui-port",
                Integer.toString(settings.spark().workerUiPort()),
                "--work-dir",
                home.resolve("work").toString(),
                settings.spark().masterUrl());
    return JavaCommand.of(
        name(),
        settings.dataDir(),
        jvm,
        RuntimeClasspath.load("spark"),
        master ? "org.apache.spark.deploy.master.Master" : "org.apache.spark.deploy.worker.Worker",
        arguments);
  }

  @Override
  public void awaitReady(ProcessHandle process, Instant deadline) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI masterState = URI.create("http://127.0.0.1:" + settings.spark().masterUiPort() + "/json/");
    Readiness.await(
        name(),
        process,
        deadline,
        () -> {
          try {
            String state =
                http.send(
                        HttpRequest.newBuilder(masterState).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body();
            // The master is ready when it is ALIVE; a worker when the master counts it as alive.
            return master
                ? state.contains("\"ALIVE\"")
                : state.replaceAll("\\s", "").matches("(?s).*\"aliveworkers\":[1-9].*");
          } catch (Exception e) {
            return false;
          }
        },
        Duration.ofMillis(500));
  }
}
