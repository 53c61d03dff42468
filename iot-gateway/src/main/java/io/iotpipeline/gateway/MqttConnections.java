package io.iotpipeline.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open MQTT connections of authenticated devices, so that a revoked device that is still
 * connected is cut off: {@link #sweep} re-checks each device (its row is re-read once the auth
 * cache period has passed) and disconnects the revoked ones.
 */
final class MqttConnections {

  private static final Logger log = LoggerFactory.getLogger(MqttConnections.class);

  private final Map<Channel, Integer> devices = new ConcurrentHashMap<>();

  void connected(Channel channel, int deviceId) {
    if (deviceId == DeviceAuthenticator.ANY_DEVICE) {
      return;
    }
    devices.put(channel, deviceId);
    channel.closeFuture().addListener(closed -> devices.remove(channel));
  }

  int size() {
    return devices.size();
  }

  /** Runs on the auth executor: the checks may read Cassandra. */
  void sweep(DeviceAuthenticator authenticator) {
    for (Map.Entry<Channel, Integer> entry : devices.entrySet()) {
      boolean allowed;
      try {
        allowed = authenticator.stillAllowed(entry.getValue());
      } catch (RuntimeException e) {
        // Cassandra unreachable: keep the device (it was allowed); check again next sweep.
        log.debug("Device re-check failed: {}", e.toString());
        continue;
      }
      if (!allowed) {
        Channel channel = entry.getKey();
        log.info("Device {} is revoked: disconnecting {}", entry.getValue(), channel);
        channel
            .eventLoop()
            .execute(
                () -> {
                  ChannelHandlerContext ctx = channel.pipeline().context(MqttConnection.class);
                  if (ctx != null) {
                    ((MqttConnection) ctx.handler()).revoked(ctx);
                  }
                });
      }
    }
  }
}
