package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.MqttConnection;
import io.berth.server.connection.MqttFrameDecoder;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT end of every pipeline, whatever carries the bytes (a TCP socket, TLS, WebSocket frames, a Unix socket, a
 * QUIC stream): decoder, CONNECT timeout / Keep Alive, {@link MqttConnection}.
 */
public final class MqttTail {
  private MqttTail() {}

  /** Adds the tail and returns its connection handler. */
  public static MqttConnection addTo(ChannelPipeline p, ListenerConfig config, ListenerContext context,
      RefusalLog refusals) {
    MqttConnection connection = new MqttConnection(context.core(), config.mqtt(),
        context.securities().forListener(config), config.id(), refusals, context.publishCaches());
    p.addLast("decoder", new MqttFrameDecoder(config.mqtt().maxPacketSize(), context.core().counters()))
        // CONNECT timeout, replaced by Keep Alive once connected; it also bounds the TLS and WebSocket handshakes
        .addLast(MqttConnection.IDLE_HANDLER,
            new IdleStateHandler(config.mqtt().connectTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS))
        .addLast("mqtt", connection);
    return connection;
  }
}
