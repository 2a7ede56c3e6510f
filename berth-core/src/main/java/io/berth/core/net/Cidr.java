package io.berth.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network, "10.0.0.0/8", "::1/128", or one address ("192.168.1.10"). Used by the configuration
 * (trusted proxies, access rules) and by bans.
 */
public record Cidr(byte[] network, int prefixBits, String text) {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  /** Parses a CIDR; the exception's message is the reason, for a one-line configuration error. */
  public static Cidr parse(String s) {
    String t = s.strip();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    byte[] addr = literal(host, "expected an address or network such as 10.0.0.0/8 or ::1/128").getAddress();
    int bits = addr.length * 8;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > addr.length * 8) {
        throw new IllegalArgumentException("prefix length must be 0.." + addr.length * 8);
      }
      bits = Integer.parseInt(p);
    }
    return new Cidr(addr, bits, t);
  }

  /**
   * One IP address literal ("10.0.0.7", "::1", "::ffff:10.0.0.7" which is the IPv4 address), never a DNS lookup.
   *
   * @throws IllegalArgumentException not an address literal
   */
  public static InetAddress parseAddress(String s) {
    return literal(s.strip(), "expected an IP address such as 10.0.0.7 or ::1");
  }

  private static InetAddress literal(String host, String expected) {
    byte[] quad = dottedQuad(host);
    if (quad != null) { // the common case, once per connection: no regex, no resolver
      try {
        return InetAddress.getByAddress(quad);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // four bytes are always an address
      }
    }
    if (!LITERAL.matcher(host).matches() || (!host.contains(":") && host.split("\\.", -1).length != 4)) {
      throw new IllegalArgumentException(expected);
    }
    try {
      return unmapped(InetAddress.getByName(host)); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IP address");
    }
  }

  /** "10.0.0.7" as its four bytes; null for anything else (IPv6, other IPv4 spellings: the resolver judges those). */
  private static byte[] dottedQuad(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c >= '0' && c <= '9' && digits < 3 && !(digits == 1 && value == 0)) { // "010": leave to the resolver
        value = value * 10 + (c - '0');
        digits++;
      } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  /**
   * The address of a peer as the transport or a proxy wrote it: "10.0.0.7", "10.0.0.7:51234", "[::1]:51234" or
   * "::1"; null when it is not an IP address (a Unix socket's "unix:/run/berth/mqtt.sock").
   */
  public static InetAddress hostOf(String peer) {
    if (peer == null) {
      return null;
    }
    String h = peer.strip();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end < 0 ? h : h.substring(1, end);
    } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) { // IPv4 with a port
      h = h.substring(0, h.indexOf(':'));
    }
    try {
      return parseAddress(h);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** An IPv4-mapped IPv6 address (::ffff:10.0.0.7, as a dual-stack socket may report) as the IPv4 address. */
  public static InetAddress unmapped(InetAddress a) {
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      for (int i = 0; i < 10; i++) {
        if (b[i] != 0) {
          return a;
        }
      }
      if (b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
        try {
          return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
          return a; // four bytes are always an address
        }
      }
    }
    return a;
  }

  public boolean contains(InetAddress address) {
    byte[] a = unmapped(address).getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }

  /** The same network written canonically, host bits cleared: "10.1.2.3/8" is "10.0.0.0/8", "::1" is "::1/128". */
  public Cidr canonical() {
    byte[] masked = network.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixBits - i * 8));
      masked[i] &= (byte) (0xFF << (8 - keep));
    }
    try {
      String host = InetAddress.getByAddress(masked).getHostAddress();
      return new Cidr(masked, prefixBits, host + "/" + prefixBits);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes: always an address
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
