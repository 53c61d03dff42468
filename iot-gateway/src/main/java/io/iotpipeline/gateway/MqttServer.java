package io.iotpipeline.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT listener: Netty's MQTT codec (3.1, 3.1.1 and 5) in front of one {@link MqttConnection}
 * per device. Two event-loop threads serve every connection: the work per message is small, and
 * anything that blocks (credential checks, Kafka metadata) runs elsewhere.
 */
final class MqttServer implements AutoCloseable {

  /** Far above a reading (about 120 bytes); the codec refuses bigger packets unread. */
  static final int MAX_PACKET_BYTES = 64 * 1024;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels;
  private final Channel listener;
  private boolean closed;

  private MqttServer(
      EventLoopGroup boss, EventLoopGroup workers, ChannelGroup channels, Channel listener) {
    this.boss = boss;
    this.workers = workers;
    this.channels = channels;
    this.listener = listener;
  }

  /** Binds the port; fails if it is taken or not bound within {@code timeout}. */
  static MqttServer bind(
      String host,
      int port,
      Duration timeout,
      ReadingIntake intake,
      KafkaForwarder kafka,
      DeviceAuthenticator authenticator,
      Executor authExecutor,
      GatewayMetrics metrics,
      MqttConnections connections) {
    EventLoopGroup boss =
        new NioEventLoopGroup(1, new DefaultThreadFactory("iot-mqtt-accept", true));
    EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("iot-mqtt", true));
    ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    try {
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channels.add(channel);
                      channel
                          .pipeline()
                          .addLast("decoder", new MqttDecoder(MAX_PACKET_BYTES))
                          .addLast("encoder", MqttEncoder.INSTANCE)
                          .addLast(
                              "gateway",
                              new MqttConnection(
                                  intake,
                                  kafka,
                                  authenticator,
                                  authExecutor,
                                  metrics,
                                  connections));
                    }
                  });
      var bound = bootstrap.bind(new InetSocketAddress(host, port));
      if (!bound.awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "MQTT port " + host + ":" + port + " not bound within " + timeout);
      }
      if (!bound.isSuccess()) {
        throw new IllegalStateException(
            "cannot listen for MQTT on "
                + host
                + ":"
                + port
                + ": "
                + bound.cause().getMessage()
                + " (port in use?)",
            bound.cause());
      }
      return new MqttServer(boss, workers, channels, bound.channel());
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
