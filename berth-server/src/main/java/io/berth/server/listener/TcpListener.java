package io.berth.server.listener;

import io.berth.core.BrokerCore;
import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.MqttConnection;
import io.berth.server.connection.MqttFrameDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A plain TCP listener: the MQTT pipeline behind a server socket. */
public final class TcpListener {
  private final ListenerConfig config;
  private final ConnectionGate gate;
  private io.netty.channel.Channel serverChannel;

  public TcpListener(ListenerConfig config) {
    this.config = config;
    this.gate = new ConnectionGate(config.maxConnections());
  }

  public ListenerConfig config() {
    return config;
  }

  public int currentConnections() {
    return gate.currentConnections();
  }

  /** Binds; the message of the exception says which listener and address failed, and why. */
  public void start(Transport transport, EventLoopGroup boss, EventLoopGroup workers, BrokerCore broker,
      ChannelGroup allConnections) throws IOException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(transport.serverChannelClass())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Per connection, bytes buffered for a slow reader before it counts as unwritable (QoS 0 then dropped)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            allConnections.add(ch);
            ch.pipeline()
                .addLast("gate", gate) // limits first, before any bytes are read
                .addLast("decoder", new MqttFrameDecoder(config.mqtt().maxPacketSize()))
                .addLast(MqttConnection.IDLE_HANDLER, // CONNECT timeout, replaced by Keep Alive once connected
                    new IdleStateHandler(config.mqtt().connectTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("mqtt", new MqttConnection(broker, config.mqtt()));
          }
        });
    try {
      serverChannel = b.bind(config.bindAddress()).sync().channel();
    } catch (Exception e) {
      String why = e instanceof BindException ? "address already in use or not available" : e.getMessage();
      throw new IOException("listener " + config.id() + ": cannot bind " + config.host() + ":" + config.port()
          + ": " + why, e);
    }
  }

  /** The address actually bound (the port is known here when the configuration asked for port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Stops accepting; existing connections stay. */
  public void stop() {
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
  }
}
