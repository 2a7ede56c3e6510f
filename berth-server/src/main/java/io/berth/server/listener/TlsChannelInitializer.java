package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.tls.TlsHead;
import io.netty.channel.Channel;

/** MQTT over TLS (ssl listeners, 8883): the TLS head. */
final class TlsChannelInitializer extends MqttChannelInitializer {
  private final TlsHead tls;

  TlsChannelInitializer(ListenerConfig config, ConnectionGate gate, ListenerContext context, RefusalLog refusals, TlsHead tls) {
    super(config, gate, context, refusals);
    this.tls = tls;
  }

  @Override
  protected void addTransportHead(Channel ch) {
    tls.addTo(ch, refusals);
  }

  @Override
  public String describe() {
    return "MQTT over " + tls.describe();
  }

  @Override
  public String url(String host, int port) {
    return "mqtts://" + host + ":" + port;
  }
}
