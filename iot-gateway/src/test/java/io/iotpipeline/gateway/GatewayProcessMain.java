package io.iotpipeline.gateway;

import io.iotpipeline.config.Settings;
import java.time.Clock;
import java.util.Map;

/**
 * The gateway as a process of its own, so {@link GatewayCrashIT} can SIGKILL it. Arguments:
 * bootstrap topic dlq-topic mqtt-port http-port. Open (no device checks); runs until killed.
 */
public final class GatewayProcessMain {
  private GatewayProcessMain() {}

  public static void main(String[] args) throws Exception {
    Settings settings =
        Settings.defaults()
            .with(
                Map.of(
                    "kafka.bootstrap", args[0],
                    "kafka.topic", args[1],
                    "kafka.dlq-topic", args[2],
                    "gateway.mqtt-port", args[3],
                    "gateway.http-port", args[4],
                    "gateway.open", "true"));
    Gateway gateway = Gateway.create(GatewayConfig.from(settings), Clock.systemUTC()).start();
    System.out.println("gateway ready on MQTT " + gateway.mqttPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
