package io.iotpipeline.cli;

import io.iotpipeline.clients.jobs.RunningJobs;
import io.iotpipeline.config.Settings;
import io.iotpipeline.gateway.Gateway;
import io.iotpipeline.gateway.GatewayConfig;
import io.iotpipeline.process.StopSignal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iot gateway}: MQTT and HTTP into Kafka. Wiring only; see docs/gateway.md. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Take device readings over MQTT (topic sensors/{sensor_id}, QoS 0/1) and HTTP (POST "
          + "/v1/readings) into kafka.topic; invalid ones go to kafka.dlq-topic with the reason.",
      "A QoS 1 PUBACK or an HTTP 202 is sent only after Kafka acknowledged the reading. Devices "
          + "need credentials from './iot devices add' unless --open. Metrics on /metrics. Runs "
          + "until Ctrl-C. See docs/gateway.md."
    })
public final class GatewayCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Option(
      names = "--mqtt-port",
      paramLabel = "PORT",
      description = "MQTT port (default gateway.mqtt-port = 1883; 0 picks a free one).")
  Integer mqttPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "HTTP port (default gateway.http-port = 8081; 0 picks a free one).")
  Integer httpPort;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Interface to listen on (default gateway.host = 127.0.0.1; 0.0.0.0 for all).")
  String host;

  @Option(
      names = "--open",
      description = "Accept any device without credentials (the local demo; default gateway.open).")
  boolean open;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new LinkedHashMap<>();
    if (mqttPort != null) {
      flags.put("gateway.mqtt-port", Integer.toString(mqttPort));
    }
    if (httpPort != null) {
      flags.put("gateway.http-port", Integer.toString(httpPort));
    }
    if (host != null) {
      flags.put("gateway.host", host);
    }
    if (open) {
      flags.put("gateway.open", "true");
    }
    Settings settings = global.load().with(flags);
    GatewayConfig config = GatewayConfig.from(settings);
    if (config.open() && !config.host().startsWith("127.") && !config.host().equals("localhost")) {
      System.out.println(
          "warning: open gateway on " + config.host() + ": any device on the network can send");
    }
    try (StopSignal ctrlC = StopSignal.install("gateway");
        RunningJobs.Registration job = Jobs.register(settings, "gateway");
        Gateway gateway = Gateway.create(config, Clock.systemUTC())) {
      gateway.start();
      String listening =
          String.format(
              "mqtt %s:%d, http %s:%d%s",
              config.host(),
              gateway.mqttPort(),
              config.host(),
              gateway.httpPort(),
              config.open() ? ", open" : "");
      job.update(listening);
      System.out.printf(
          "Gateway: MQTT %s:%d (topic sensors/{sensor_id}), HTTP http://%s:%d/v1/readings,"
              + " metrics /metrics; %s; Kafka %s topic %s. Ctrl-C stops.%n",
          config.host(),
          gateway.mqttPort(),
          config.host(),
          gateway.httpPort(),
          config.open()
              ? "open (any device)"
              : "devices need credentials (./iot devices add ID); revocations apply within "
                  + config.authCache().toSeconds()
                  + " s",
          config.kafka().bootstrap(),
          config.kafka().topic());
      System.out.flush();
      while (!ctrlC.await(Duration.ofSeconds(5))) {
        job.update(listening + "; " + gateway.summary());
      }
      System.out.println("Stopping: " + gateway.summary());
      return 0;
    } catch (IllegalStateException e) {
      // Gateway.start/create: a port taken, or the devices table missing.
      throw new UserFacingException(e.getMessage(), e);
    }
  }
}
