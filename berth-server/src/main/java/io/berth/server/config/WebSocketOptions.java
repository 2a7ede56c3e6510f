package io.berth.server.config;

import io.berth.core.net.Cidr;
import java.util.List;

/**
 * A ws/wss listener's {@code websocket} block (EMQX 5 names).
 *
 * @param mqttPath the HTTP path of the upgrade ("/mqtt"); anything else is answered 404
 * @param maxFrameSize largest WebSocket frame payload accepted, in bytes
 * @param checkOrigin refuse upgrades whose Origin header is not in {@code allowedOrigins}
 * @param allowedOrigins origins as browsers send them ("https://app.example.com")
 * @param proxyAddressHeader header a reverse proxy puts the client's address in ("x-forwarded-for"), or "" for none
 * @param proxyTrustedCidrs the proxies whose header is believed; from any other peer it is ignored
 */
public record WebSocketOptions(
    String mqttPath,
    int maxFrameSize,
    boolean checkOrigin,
    List<String> allowedOrigins,
    String proxyAddressHeader,
    List<Cidr> proxyTrustedCidrs) {

  public WebSocketOptions {
    allowedOrigins = List.copyOf(allowedOrigins);
    proxyTrustedCidrs = List.copyOf(proxyTrustedCidrs);
  }
}
