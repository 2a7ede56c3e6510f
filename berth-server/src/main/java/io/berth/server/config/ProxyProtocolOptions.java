package io.berth.server.config;

import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * A listener's PROXY protocol settings ({@code proxy_protocol = true}): every connection must start with a PROXY v1
 * or v2 header (HAProxy's PROXY protocol specification), sent by a proxy at one of the trusted addresses.
 *
 * @param timeoutMillis a header not complete within this time closes the connection
 * @param trusted the proxies allowed to connect; a connection from any other address is refused
 */
public record ProxyProtocolOptions(long timeoutMillis, List<Cidr> trusted) {
  public ProxyProtocolOptions {
    trusted = List.copyOf(trusted);
  }

  public boolean trusts(InetAddress address) {
    for (Cidr c : trusted) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
