package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.netty.channel.Channel;

/** MQTT straight over TCP: no head. */
final class TcpChannelInitializer extends MqttChannelInitializer {
  TcpChannelInitializer(ListenerConfig config, ConnectionGate gate, ListenerContext context, RefusalLog refusals) {
    super(config, gate, context, refusals);
  }

  @Override
  protected void addTransportHead(Channel ch) {
    // bytes are MQTT already
  }

  @Override
  public String describe() {
    return "MQTT over TCP";
  }

  @Override
  public String url(String host, int port) {
    return "mqtt://" + host + ":" + port;
  }
}
