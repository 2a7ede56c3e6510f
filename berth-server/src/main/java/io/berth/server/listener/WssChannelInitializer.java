package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.tls.TlsHead;
import io.berth.server.websocket.WebSocketHead;
import io.netty.channel.Channel;

/** MQTT over WebSocket over TLS (wss listeners, 8084 or 443): the TLS head, then the WebSocket head. */
final class WssChannelInitializer extends MqttChannelInitializer {
  private final TlsHead tls;
  private final WebSocketHead ws;

  WssChannelInitializer(ListenerConfig config, ConnectionGate gate, ListenerContext context, RefusalLog refusals, TlsHead tls) {
    super(config, gate, context, refusals);
    this.tls = tls;
    this.ws = new WebSocketHead(config.websocket(), refusals);
  }

  @Override
  protected void addTransportHead(Channel ch) {
    tls.addTo(ch, refusals);
    ws.addTo(ch.pipeline());
  }

  @Override
  public String describe() {
    return "MQTT over WebSocket over " + tls.describe();
  }

  @Override
  public String url(String host, int port) {
    return "wss://" + host + ":" + port + ws.path();
  }
}
