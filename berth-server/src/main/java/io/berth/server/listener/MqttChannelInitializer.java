package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.MqttConnection;
import io.berth.server.proxy.ProxyProtocolHead;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * The pipeline of every MQTT connection on a stream socket (TCP or Unix): the gate first, then the transport's head
 * (PROXY protocol, TLS, WebSocket, or nothing), then the one MQTT tail ({@link MqttTail}: decoder, CONNECT timeout /
 * Keep Alive, {@link MqttConnection}). Subclasses add only their head.
 */
public abstract class MqttChannelInitializer extends ChannelInitializer<Channel> {
  private final ListenerConfig config;
  private final ConnectionGate gate;
  private final ListenerContext context;
  private final MqttTail tail;
  /** This listener's log of refused input (rate-limited), for the heads. */
  protected final RefusalLog refusals;

  protected MqttChannelInitializer(ListenerConfig config, ConnectionGate gate, ListenerContext context,
      RefusalLog refusals) {
    this.config = config;
    this.gate = gate;
    this.context = context;
    this.refusals = refusals;
    this.tail = new MqttTail(config, context, refusals);
  }

  /** Adds the transport's handlers between the gate and the MQTT decoder. */
  protected abstract void addTransportHead(Channel ch);

  /** "MQTT over TLS 1.3/1.2 (BoringSSL)", for the banner. */
  public abstract String describe();

  /** "mqtts://host:port": how a client reaches this listener. */
  public abstract String url(String host, int port);

  @Override
  protected final void initChannel(Channel ch) {
    // access rules, bans and limits first, before a TLS handshake or an HTTP request is read
    ch.pipeline().addLast("gate", gate);
    if (config.proxyProtocol() != null) { // the proxy's header comes before the client's first byte
      ProxyProtocolHead.addTo(ch.pipeline(), config.proxyProtocol(), refusals, gate);
    }
    addTransportHead(ch);
    tail.addTo(ch.pipeline());
  }
}
