package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.MqttConnection;
import io.berth.server.connection.MqttFrameDecoder;
import io.netty.channel.ChannelPipeline;

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
    // The connection keeps the CONNECT timeout (then Keep Alive) itself; it also bounds TLS and WebSocket handshakes.
    p.addLast("decoder", new MqttFrameDecoder(config.mqtt().maxPacketSize(), context.core().counters()))
        .addLast("mqtt", connection);
    return connection;
  }
}
