package io.berth.server.api.tester;

import io.berth.server.api.ApiException;
import io.berth.server.client.ClientTls;
import io.berth.server.client.ClientTransport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import javax.net.ssl.SSLException;

/** The client transport for a Tester connection or a self-test, to an address already checked and resolved. */
final class Transports {
  private Transports() {}

  /**
   * @param transport "tcp", "ssl", "ws", "wss", "quic"
   * @param path the WebSocket path (ws, wss)
   * @param tls the TLS settings (ssl, wss, quic)
   * @param serverName the name TLS sends and checks (the host the admin typed)
   */
  static ClientTransport of(String transport, InetAddress address, int port, String path, ClientTls tls,
      String serverName) {
    String host = address.getHostAddress();
    try {
      return switch (transport) {
        case "tcp" -> ClientTransport.plain(host, port);
        case "ssl" -> ClientTransport.tls(host, port, tls.tcpContext(), serverName);
        case "ws" -> ClientTransport.websocket(url("ws", address, port, path), null, null);
        case "wss" -> ClientTransport.websocket(url("wss", address, port, path), tls.tcpContext(), serverName);
        case "quic" -> ClientTransport.quic(host, port, tls.quicContext(), serverName);
        default -> throw ApiException.badRequest("field 'transport': unknown transport " + transport);
      };
    } catch (SSLException | RuntimeException e) {
      if (e instanceof ApiException a) {
        throw a;
      }
      throw ApiException.badRequest("field 'ssl': cannot set up TLS: " + e.getMessage());
    }
  }

  private static URI url(String scheme, InetAddress address, int port, String path) {
    String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    try {
      return new URI(scheme + "://" + host + ":" + port + path);
    } catch (java.net.URISyntaxException e) {
      throw ApiException.badRequest("field 'path': not a URL path (" + e.getReason() + ")");
    }
  }
}
