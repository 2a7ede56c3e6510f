package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.MqttConnection;
import io.berth.server.connection.MqttFrameDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every MQTT connection, whatever its transport: the gate first, then the transport's head (TLS,
 * WebSocket, or nothing), then the one MQTT tail: decoder, CONNECT timeout / Keep Alive, {@link MqttConnection}.
 * Subclasses add only their head.
 */
public abstract class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final ListenerConfig config;
  private final ConnectionGate gate;
  private final ListenerContext context;

  protected MqttChannelInitializer(ListenerConfig config, ConnectionGate gate, ListenerContext context) {
    this.config = config;
    this.gate = gate;
    this.context = context;
  }

  /** Adds the transport's handlers between the gate and the MQTT decoder. */
  protected abstract void addTransportHead(SocketChannel ch);

  /** "MQTT over TLS 1.3/1.2 (BoringSSL)", for the banner. */
  public abstract String describe();

  /** "mqtts://host:port": how a client reaches this listener. */
  public abstract String url(String host, int port);

  @Override
  protected final void initChannel(SocketChannel ch) {
    context.connections().add(ch);
    ch.pipeline().addLast("gate", gate); // limits first, before a TLS handshake or an HTTP request is read
    addTransportHead(ch);
    ChannelPipeline p = ch.pipeline();
    p.addLast("decoder", new MqttFrameDecoder(config.mqtt().maxPacketSize()))
        // CONNECT timeout, replaced by Keep Alive once connected; it also bounds the TLS and WebSocket handshakes
        .addLast(MqttConnection.IDLE_HANDLER,
            new IdleStateHandler(config.mqtt().connectTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS))
        .addLast("mqtt", new MqttConnection(context.core(), config.mqtt(), config.id()));
  }
}
