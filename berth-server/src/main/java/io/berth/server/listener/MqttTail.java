package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.ConnectionShared;
import io.berth.server.connection.MqttConnection;
import io.netty.channel.ChannelPipeline;

/**
 * The MQTT end of every pipeline, whatever carries the bytes (a TCP socket, TLS, WebSocket frames, a Unix socket, a
 * QUIC stream): {@link MqttConnection}, which decodes the packets and keeps the CONNECT timeout / Keep Alive. One per
 * listener configuration: its connections share what does not change from one to the next.
 */
public final class MqttTail {
  private final ListenerConfig config;
  private final ListenerContext context;
  private final RefusalLog refusals;
  // Made with the first connection (on any event loop: a race makes equal copies, each immutable); not in the
  // constructor, so that a provider that cannot be built fails the connection as before, not the listener.
  private volatile ConnectionShared shared;

  public MqttTail(ListenerConfig config, ListenerContext context, RefusalLog refusals) {
    this.config = config;
    this.context = context;
    this.refusals = refusals;
  }

  /** Adds the tail and returns its connection handler. */
  public MqttConnection addTo(ChannelPipeline p) {
    MqttConnection connection = new MqttConnection(shared());
    // The connection decodes its packets and keeps the CONNECT timeout (then Keep Alive) itself: no handler and context
    // each for those; its CONNECT timeout also bounds TLS and WebSocket handshakes.
    p.addLast("mqtt", connection);
    return connection;
  }

  private ConnectionShared shared() {
    ConnectionShared s = shared;
    if (s == null) {
      s = new ConnectionShared(context.core(), config.mqtt(), context.securities().forListener(config), config.id(),
          refusals, context.publishCaches(), context.readDeadlines(), context.loops());
      shared = s;
    }
    return s;
  }
}
