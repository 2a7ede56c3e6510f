package io.berth.server.config;

import io.berth.core.MqttSettings;
import java.net.InetSocketAddress;

/**
 * One named listener ({@code listeners.<type>.<name>}), immutable: a listener is built from it, and changing a
 * listener means building a new one from a new config.
 *
 * @param type transport: "tcp", "ssl" (MQTT over TLS), "ws" (MQTT over WebSocket), "wss" (WebSocket over TLS),
 *     "quic" (MQTT over QUIC), "unix" (MQTT over a Unix domain socket)
 * @param name the operator's name for it ("default", "internal")
 * @param host address to bind ("0.0.0.0", "127.0.0.1", "::"); "" for unix
 * @param port port to bind (UDP for quic); 0 picks a free one (tests)
 * @param enabled false keeps the listener defined but closed
 * @param maxConnections most concurrent connections on this listener
 * @param mqtt the protocol limits for this listener's clients (global {@code mqtt.*} merged with the listener's own
 *     {@code mqtt} block)
 * @param tls ssl_options of an ssl, wss or quic listener, null for tcp, ws and unix
 * @param websocket the websocket block of a ws or wss listener, null for the others
 * @param proxyProtocol the PROXY protocol settings of a tcp/ssl/ws/wss listener with proxy_protocol = true, or null
 * @param quic the transport settings of a quic listener, null for the others
 * @param unix the socket file of a unix listener, null for the others
 * @param gate access_rules and max_conn_rate, checked at accept
 * @param authentication how this listener's clients authenticate (the global chain unless it sets its own)
 */
public record ListenerConfig(
    String type, String name, String host, int port, boolean enabled, int maxConnections, MqttSettings mqtt,
    TlsOptions tls, WebSocketOptions websocket, ProxyProtocolOptions proxyProtocol, QuicOptions quic,
    UnixOptions unix, GateOptions gate, AuthenticationConfig authentication) {

  /** Listener types in the order they are read, started and shown. */
  public static final java.util.List<String> TYPES = java.util.List.of("tcp", "ssl", "ws", "wss", "quic", "unix");

  /** A listener without access rules or connection rate limit; anonymous clients from this machine only. */
  public ListenerConfig(
      String type, String name, String host, int port, boolean enabled, int maxConnections, MqttSettings mqtt,
      TlsOptions tls, WebSocketOptions websocket, ProxyProtocolOptions proxyProtocol, QuicOptions quic,
      UnixOptions unix) {
    this(type, name, host, port, enabled, maxConnections, mqtt, tls, websocket, proxyProtocol, quic, unix,
        GateOptions.OPEN, AuthenticationConfig.loopbackOnly());
  }

  /** A tcp, ssl, ws or wss listener without the PROXY protocol. */
  public ListenerConfig(
      String type, String name, String host, int port, boolean enabled, int maxConnections, MqttSettings mqtt,
      TlsOptions tls, WebSocketOptions websocket) {
    this(type, name, host, port, enabled, maxConnections, mqtt, tls, websocket, null, null, null);
  }

  /** A plain TCP listener. */
  public ListenerConfig(
      String type, String name, String host, int port, boolean enabled, int maxConnections, MqttSettings mqtt) {
    this(type, name, host, port, enabled, maxConnections, mqtt, null, null);
  }

  /** The same listener with other access rules and connection rate. */
  public ListenerConfig withGate(GateOptions g) {
    return new ListenerConfig(type, name, host, port, enabled, maxConnections, mqtt, tls, websocket, proxyProtocol,
        quic, unix, g, authentication);
  }

  /** "tcp:default": how logs, the banner and the API name this listener. */
  public String id() {
    return type + ":" + name;
  }

  public InetSocketAddress bindAddress() {
    return new InetSocketAddress(host, port);
  }

  public static boolean hasTls(String type) {
    return type.equals("ssl") || type.equals("wss");
  }

  /** The types whose connections may come through a PROXY protocol proxy (TCP-based). */
  public static boolean canUseProxyProtocol(String type) {
    return type.equals("tcp") || type.equals("ssl") || type.equals("ws") || type.equals("wss");
  }

  public static boolean isWebSocket(String type) {
    return type.equals("ws") || type.equals("wss");
  }
}
