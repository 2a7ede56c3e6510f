package io.berth.server.config;

import io.berth.core.MqttSettings;
import java.net.InetSocketAddress;

/**
 * One named listener ({@code listeners.<type>.<name>}), immutable.
 *
 * @param type transport: "tcp" (later "ssl", "ws", "wss", "quic")
 * @param name the operator's name for it ("default", "internal")
 * @param host address to bind ("0.0.0.0", "127.0.0.1", "::")
 * @param port port to bind; 0 picks a free one (tests)
 * @param enabled false keeps the listener defined but closed
 * @param maxConnections most concurrent connections on this listener
 * @param mqtt the protocol limits for this listener's clients (global {@code mqtt.*} merged with the listener's own
 *     {@code mqtt} block)
 */
public record ListenerConfig(
    String type, String name, String host, int port, boolean enabled, int maxConnections, MqttSettings mqtt) {

  /** "tcp:default": how logs, the banner and the API name this listener. */
  public String id() {
    return type + ":" + name;
  }

  public InetSocketAddress bindAddress() {
    return new InetSocketAddress(host, port);
  }
}
