package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.websocket.WebSocketHead;
import io.netty.channel.Channel;

/** MQTT over WebSocket (ws listeners, 8083): the HTTP upgrade and binary frames. */
final class WebSocketChannelInitializer extends MqttChannelInitializer {
  private final WebSocketHead ws;

  WebSocketChannelInitializer(ListenerConfig config, ConnectionGate gate, ListenerContext context, RefusalLog refusals) {
    super(config, gate, context, refusals);
    this.ws = new WebSocketHead(config.websocket(), refusals);
  }

  @Override
  protected void addTransportHead(Channel ch) {
    ws.addTo(ch.pipeline());
  }

  @Override
  public String describe() {
    return "MQTT over WebSocket";
  }

  @Override
  public String url(String host, int port) {
    return "ws://" + host + ":" + port + ws.path();
  }
}
