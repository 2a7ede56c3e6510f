package io.berth.server.config;

import io.berth.core.net.Cidr;
import java.net.InetAddress;
import java.util.Locale;

/**
 * One entry of {@code dashboard.tester.allowed_hosts}: a host ("broker2.lan", "10.0.0.5"), a host and port
 * ("broker2.lan:8883", "[fd00::5]:1883") or a network ("10.0.0.0/8") the management API's Tester may connect to,
 * besides this broker's own listeners.
 *
 * @param host the host name or address as written (lower case), or null for a network
 * @param network the network, or null for a host
 * @param port the port, or 0 for any
 */
public record TesterTarget(String host, Cidr network, int port) {

  /** @throws IllegalArgumentException the reason, for a one-line configuration error */
  public static TesterTarget parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      throw new IllegalArgumentException("expected a host, host:port or network such as 10.0.0.0/8, not \"\"");
    }
    if (t.contains("/")) {
      return new TesterTarget(null, Cidr.parse(t), 0);
    }
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']' in " + text);
      }
      String rest = t.substring(close + 1);
      return new TesterTarget(t.substring(1, close), null, rest.isEmpty() ? 0 : port(rest.substring(1), text));
    }
    int colon = t.indexOf(':');
    if (colon < 0 || t.indexOf(':', colon + 1) >= 0) { // no port, or an IPv6 address without brackets
      return new TesterTarget(t, null, 0);
    }
    return new TesterTarget(t.substring(0, colon), null, port(t.substring(colon + 1), text));
  }

  private static int port(String p, String text) {
    if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
      throw new IllegalArgumentException("bad port in " + text + ": expected 1..65535");
    }
    return Integer.parseInt(p);
  }

  /** Whether a connection to {@code requestedHost} (resolved to {@code address}) on {@code toPort} is allowed. */
  public boolean allows(String requestedHost, InetAddress address, int toPort) {
    if (port != 0 && port != toPort) {
      return false;
    }
    if (network != null) {
      return network.contains(Cidr.unmapped(address));
    }
    String h = requestedHost.toLowerCase(Locale.ROOT);
    return host.equals(h) || host.equals(address.getHostAddress()) || sameAddress(address);
  }

  private boolean sameAddress(InetAddress address) {
    try {
      return Cidr.parseAddress(host).equals(Cidr.unmapped(address));
    } catch (IllegalArgumentException notALiteral) {
      return false;
    }
  }
}
