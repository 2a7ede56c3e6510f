package io.berth.core.security.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network ("10.0.0.0/8", "2001:db8::/32") or one address ("127.0.0.1"), as in EMQX's
 * {@code {ipaddr, ...}}. Only address literals are accepted: nothing here ever resolves a host name.
 */
record IpNetwork(byte[] network, int prefixBits, String text) {

  /** Parses a network; the exception's message says what is wrong, for a file:line error. */
  static IpNetwork parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    byte[] address = parseAddress(slash < 0 ? t : t.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
    }
    int max = address.length * 8;
    int bits = max;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
        throw new IllegalArgumentException("the prefix length of '" + text + "' must be 0.." + max);
      }
      bits = Integer.parseInt(p);
    }
    return new IpNetwork(address, bits, t);
  }

  /**
   * The bytes of an address literal (4 for IPv4 and IPv4-mapped IPv6, 16 for IPv6; a "%zone" is ignored), or null
   * when {@code host} is not one.
   */
  static byte[] parseAddress(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    int zone = h.indexOf('%');
    if (zone >= 0) {
      h = h.substring(0, zone);
    }
    return h.indexOf(':') >= 0 ? parseV6(h) : parseV4(h);
  }

  private static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
        return null;
      }
      b[i] = (byte) Integer.parseInt(parts[i]);
    }
    return b;
  }

  private static byte[] parseV6(String s) {
    // With a ':' and only these characters the JDK parses the literal itself and never asks a resolver.
    if (!s.matches("[0-9A-Fa-f:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code address} (from {@link #parseAddress}) is in this network. */
  boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (address[full] & mask) == (network[full] & mask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpNetwork n && n.prefixBits == prefixBits && Arrays.equals(n.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixBits;
  }

  @Override
  public String toString() {
    return text;
  }
}
