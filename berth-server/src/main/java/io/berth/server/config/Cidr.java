package io.berth.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network, "10.0.0.0/8", "::1/128", or one address ("192.168.1.10"). */
public record Cidr(byte[] network, int prefixBits, String text) {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  /** Parses a CIDR; the exception's message is the reason, for a one-line configuration error. */
  public static Cidr parse(String s) {
    String t = s.strip();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    if (!LITERAL.matcher(host).matches() || (!host.contains(":") && host.split("\\.", -1).length != 4)) {
      throw new IllegalArgumentException("expected an address or network such as 10.0.0.0/8 or ::1/128");
    }
    byte[] addr;
    try {
      addr = InetAddress.getByName(host).getAddress(); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IP address");
    }
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

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
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
