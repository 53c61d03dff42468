package io.iotpipeline.gateway;

import io.iotpipeline.gateway.ReadingIntake.Accepted;
import io.iotpipeline.gateway.ReadingIntake.Outcome;
import io.iotpipeline.gateway.ReadingIntake.Rejected;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's MQTT connection: the protocol state on top of Netty's MQTT codec (which does all the
 * encoding and decoding). Everything here runs on the connection's event loop, so the fields need
 * no locks; Kafka callbacks and credential checks hop back onto it.
 *
 * <ul>
 *   <li>CONNECT: credentials checked off the event loop; nothing else is read until answered.
 *       Sessions are not kept ({@code sessionPresent} is always false): the gateway holds no
 *       subscriptions, and an unacknowledged publish is the client's to resend.
 *   <li>PUBLISH QoS 1: the PUBACK goes out when Kafka acknowledged the reading (or, for an invalid
 *       one, its dead letter), in the order the publishes came (MQTT 3.1.1 section 4.6). QoS 0:
 *       forwarded, never acknowledged. QoS 2 is not offered: such a publish closes the connection
 *       (v5: DISCONNECT, QoS not supported).
 *   <li>Back-pressure: when the gateway's buffer is full, the publish waits here and the connection
 *       stops reading (TCP pushes back on the device) until there is room again. When Kafka fails a
 *       send, the connection is closed without PUBACK: the device reconnects and resends.
 *   <li>SUBSCRIBE is refused (SUBACK failure for every filter): this is an ingestion endpoint.
 * </ul>
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
  private static final long RETRY_HELD_MILLIS = 20;

  /** MQTT 5 reason codes used here (the 3.1.1 answer to each is closing the connection). */
  static final byte NOT_AUTHORIZED = (byte) 0x87;

  static final byte SERVER_BUSY = (byte) 0x89;
  static final byte QOS_NOT_SUPPORTED = (byte) 0x9B;
  static final byte PROTOCOL_ERROR = (byte) 0x82;
  static final byte IMPLEMENTATION_SPECIFIC_ERROR = (byte) 0x83;

  /** How many unacknowledged QoS 1 publishes a v5 client may have (its Receive Maximum). */
  static final int RECEIVE_MAXIMUM = 1000;

  private record Publish(String topic, int packetId, MqttQoS qos, byte[] payload) {}

  private static final class PendingAck {
    final int packetId;
    boolean done;

    PendingAck(int packetId) {
      this.packetId = packetId;
    }
  }

  private final ReadingIntake intake;
  private final KafkaForwarder kafka;
  private final DeviceAuthenticator authenticator;
  private final Executor authExecutor;
  private final GatewayMetrics metrics;
  private final MqttConnections connections;

  private MqttVersion version = MqttVersion.MQTT_3_1_1;
  private boolean connectSeen;
  private DeviceAuthenticator.Decision device;
  private final Deque<PendingAck> pendingAcks = new ArrayDeque<>();
  private final Deque<Publish> held = new ArrayDeque<>();
  private boolean retryScheduled;
  private boolean closing;

  MqttConnection(
      ReadingIntake intake,
      KafkaForwarder kafka,
      DeviceAuthenticator authenticator,
      Executor authExecutor,
      GatewayMetrics metrics,
      MqttConnections connections) {
    this.intake = intake;
    this.kafka = kafka;
    this.authenticator = authenticator;
    this.authExecutor = authExecutor;
    this.metrics = metrics;
    this.connections = connections;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof MqttMessage message && !closing) {
        handle(ctx, message);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void handle(ChannelHandlerContext ctx, MqttMessage message) {
    if (message.decoderResult().isFailure()) {
      Throwable cause = message.decoderResult().cause();
      if (cause instanceof MqttUnacceptableProtocolVersionException) {
        ctx.writeAndFlush(
                MqttMessageBuilders.connAck()
                    .returnCode(
                        MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION)
                    .build())
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        log.debug(
            "Malformed MQTT packet from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        disconnect(ctx, PROTOCOL_ERROR);
      }
      return;
    }
    switch (message.fixedHeader().messageType()) {
      case CONNECT -> onConnect(ctx, (MqttConnectMessage) message);
      case PUBLISH -> {
        if (requireConnected(ctx)) {
          onPublish(ctx, (MqttPublishMessage) message);
        }
      }
      case PINGREQ -> {
        if (requireConnected(ctx)) {
          ctx.writeAndFlush(MqttMessage.PINGRESP);
        }
      }
      case SUBSCRIBE -> {
        if (requireConnected(ctx)) {
          refuseSubscribe(ctx, (MqttSubscribeMessage) message);
        }
      }
      case UNSUBSCRIBE -> {
        if (requireConnected(ctx)) {
          ctx.writeAndFlush(
              MqttMessageBuilders.unsubAck()
                  .packetId(((MqttUnsubscribeMessage) message).variableHeader().messageId())
                  .build());
        }
      }
      case DISCONNECT -> close(ctx);
      case PUBACK -> {
        // The gateway publishes nothing to devices: nothing to do.
      }
      default -> disconnect(ctx, PROTOCOL_ERROR);
    }
  }

  private boolean requireConnected(ChannelHandlerContext ctx) {
    if (device == null) {
      // A packet before CONNECT, or before its answer: a protocol violation (3.1.1 section 3.1).
      close(ctx);
      return false;
    }
    return true;
  }

  private void onConnect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
    if (connectSeen) {
      disconnect(ctx, PROTOCOL_ERROR); // a second CONNECT (3.1.1 section 3.1.0-2)
      return;
    }
    connectSeen = true;
    version =
        MqttVersion.fromProtocolNameAndLevel(
            connect.variableHeader().name(), (byte) connect.variableHeader().version());
    String username = connect.payload().userName();
    byte[] password = connect.payload().passwordInBytes();
    int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
    ctx.channel().config().setAutoRead(false);
    try {
      authExecutor.execute(
          () -> {
            DeviceAuthenticator.Decision decision;
            try {
              decision = authenticator.checkMqtt(username, password);
            } catch (RuntimeException e) {
              // Cassandra unreachable: refuse as unavailable, the device retries later.
              log.warn("Device check failed: {}", e.toString());
              decision = null;
            }
            DeviceAuthenticator.Decision result = decision;
            ctx.channel().eventLoop().execute(() -> finishConnect(ctx, result, keepAlive));
          });
    } catch (RejectedExecutionException e) {
      close(ctx);
    }
  }

  private void finishConnect(
      ChannelHandlerContext ctx, DeviceAuthenticator.Decision decision, int keepAlive) {
    if (!ctx.channel().isActive()) {
      return;
    }
    boolean v5 = version == MqttVersion.MQTT_5;
    if (decision == null || !decision.allowed()) {
      MqttConnectReturnCode code;
      if (decision == null) {
        code =
            v5
                ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
      } else {
        metrics.authRefused.increment();
        log.info(
            "MQTT device refused from {}: {}", ctx.channel().remoteAddress(), decision.refusal());
        code =
            v5
                ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
      }
      closing = true;
      ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).build())
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    device = decision;
    MqttMessageBuilders.ConnAckBuilder connAck =
        MqttMessageBuilders.connAck()
            .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
            .sessionPresent(false);
    if (v5) {
      connAck.properties(
          properties ->
              properties
                  .retainAvailable(false)
                  .receiveMaximum(RECEIVE_MAXIMUM)
                  .wildcardSubscriptionAvailable(false)
                  .sharedSubscriptionAvailable(false)
                  .subscriptionIdentifiersAvailable(false)
                  .sessionExpiryInterval(0));
    }
    ctx.writeAndFlush(connAck.build());
    if (keepAlive > 0) {
      // 3.1.1 section 3.1.2.10: no packet for one and a half keep-alive periods ends the session.
      ctx.pipeline()
          .addBefore(
              ctx.name(),
              "keep-alive",
              new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
    }
    metrics.connects.increment();
    connections.connected(ctx.channel(), decision.deviceId());
    ctx.channel().config().setAutoRead(true);
  }

  private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage message) {
    MqttQoS qos = message.fixedHeader().qosLevel();
    if (qos == MqttQoS.EXACTLY_ONCE) {
      disconnect(ctx, QOS_NOT_SUPPORTED);
      return;
    }
    Publish publish =
        new Publish(
            message.variableHeader().topicName(),
            message.variableHeader().packetId(),
            qos,
            ByteBufUtil.getBytes(message.payload()));
    metrics.mqtt.received.increment();
    if (!held.isEmpty()) {
      held.add(publish); // keeps the order; the queue is bounded by what one read delivered
      return;
    }
    if (!kafka.tryReserve(1)) {
      metrics.mqtt.refusedBusy.increment();
      held.add(publish);
      ctx.channel().config().setAutoRead(false);
      scheduleRetry(ctx);
      return;
    }
    forward(ctx, publish);
  }

  private void scheduleRetry(ChannelHandlerContext ctx) {
    if (!retryScheduled) {
      retryScheduled = true;
      ctx.channel()
          .eventLoop()
          .schedule(() -> retryHeld(ctx), RETRY_HELD_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void retryHeld(ChannelHandlerContext ctx) {
    retryScheduled = false;
    if (closing || !ctx.channel().isActive()) {
      held.clear();
      return;
    }
    while (!held.isEmpty() && kafka.tryReserve(1)) {
      forward(ctx, held.poll());
    }
    if (held.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
    } else {
      scheduleRetry(ctx);
    }
  }

  /** Room is reserved: sends the reading or its dead letter. */
  private void forward(ChannelHandlerContext ctx, Publish publish) {
    Outcome outcome = intake.fromTopic(publish.topic(), publish.payload());
    if (outcome instanceof Accepted accepted && !device.mayReport(accepted.reading().sensorId())) {
      outcome =
          new Rejected(
              "device "
                  + device.deviceId()
                  + " may not publish readings of sensor "
                  + accepted.reading().sensorId());
    }
    PendingAck pending = null;
    if (publish.qos() == MqttQoS.AT_LEAST_ONCE) {
      pending = new PendingAck(publish.packetId());
      pendingAcks.add(pending);
    }
    CompletableFuture<Void> sent;
    boolean valid = outcome instanceof Accepted;
    if (outcome instanceof Accepted accepted) {
      sent = kafka.sendReading(accepted.reading().sensorId(), accepted.value());
    } else {
      OptionalInt claimed = ReadingIntake.sensorOfTopic(publish.topic());
      sent =
          kafka.sendDeadLetter(
              claimed.isPresent() ? claimed.getAsInt() : null,
              publish.payload(),
              ((Rejected) outcome).reason(),
              "mqtt:" + ReadingIntake.abbreviate(publish.topic()));
    }
    PendingAck ack = pending;
    sent.whenComplete(
        (ignored, error) ->
            ctx.channel().eventLoop().execute(() -> onSent(ctx, ack, valid, error)));
  }

  private void onSent(ChannelHandlerContext ctx, PendingAck ack, boolean valid, Throwable error) {
    if (error != null) {
      metrics.mqtt.failed.increment();
      if (ack != null && !closing) {
        // Not acknowledged: the device resends after reconnecting. Closing now rather than
        // waiting keeps later PUBACKs from overtaking this one.
        log.debug("Kafka did not take a reading ({}); closing {}", error.toString(), ctx.channel());
        disconnect(ctx, SERVER_BUSY);
      }
      return;
    }
    (valid ? metrics.mqtt.forwarded : metrics.mqtt.rejected).increment();
    if (ack == null) {
      return;
    }
    ack.done = true;
    boolean wrote = false;
    while (!pendingAcks.isEmpty() && pendingAcks.peek().done) {
      int packetId = pendingAcks.poll().packetId;
      if (!closing) {
        ctx.write(MqttMessageBuilders.pubAck().packetId(packetId).build());
        metrics.pubacks.increment();
        wrote = true;
      }
    }
    if (wrote) {
      ctx.flush();
    }
  }

  private void refuseSubscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
    MqttMessageBuilders.SubAckBuilder subAck =
        MqttMessageBuilders.subAck().packetId(subscribe.variableHeader().messageId());
    subscribe
        .payload()
        .topicSubscriptions()
        .forEach(topic -> subAck.addGrantedQos(MqttQoS.FAILURE));
    ctx.writeAndFlush(subAck.build());
  }

  /** Cut off after a revocation (called on this connection's event loop). */
  void revoked(ChannelHandlerContext ctx) {
    metrics.revokedDisconnects.increment();
    disconnect(ctx, NOT_AUTHORIZED);
  }

  /** MQTT 5 clients get a DISCONNECT with the reason; 3.1.1 has none, the connection just ends. */
  private void disconnect(ChannelHandlerContext ctx, byte reasonCode) {
    if (closing) {
      return;
    }
    closing = true;
    if (version == MqttVersion.MQTT_5 && device != null) {
      ctx.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode(reasonCode).build())
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void close(ChannelHandlerContext ctx) {
    closing = true;
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      log.debug("Keep-alive expired: closing {}", ctx.channel());
      close(ctx);
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    metrics.connections.incrementAndGet();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    metrics.connections.decrementAndGet();
    held.clear();
    closing = true;
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by the device is routine for flaky links: DEBUG, and the connection goes.
    log.debug("MQTT connection {} failed: {}", ctx.channel(), cause.toString());
    close(ctx);
  }
}
