package io.berth.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A listener's {@code bind}: "host:port", "[ipv6]:port", or a port alone (all IPv4 addresses, 0.0.0.0). Host names
 * are accepted as written and never resolved here; start-up resolves them when it binds.
 */
record BindAddress(String host, int port) {
  static final String ALLOWED = "expected \"host:port\", \"[ipv6]:port\" or a port";
  private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
  private static final Pattern IPV4ISH = Pattern.compile("[0-9.]+");
  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

  /** Parses a bind value; the exception's message is the reason, for the caller's one-line error. */
  static BindAddress parse(String text) {
    String s = text.strip();
    if (DIGITS.matcher(s).matches()) {
      return new BindAddress("0.0.0.0", port(s));
    }
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException(ALLOWED + " (an IPv6 address is written [::1]:1883)");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
      if (!host.contains(":") || !isLiteral(host)) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv6 address; " + ALLOWED);
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(ALLOWED);
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
      if (host.contains(":")) {
        throw new IllegalArgumentException("write an IPv6 address in brackets, e.g. \"[::]:1883\"");
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("missing host; " + ALLOWED);
      }
      if (IPV4ISH.matcher(host).matches() ? !isLiteral(host) : !HOSTNAME.matcher(host).matches()) {
        throw new IllegalArgumentException("'" + host + "' is not an IP address or host name");
      }
    }
    if (!DIGITS.matcher(port).matches()) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    return new BindAddress(host, port(port));
  }

  private static int port(String digits) {
    long p = Long.parseLong(digits);
    if (p > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    return (int) p;
  }

  /** True for a well-formed IP literal; a literal is parsed without any DNS lookup. */
  private static boolean isLiteral(String host) {
    if (!host.contains(":")) {
      String[] octets = host.split("\\.", -1);
      if (octets.length != 4) {
        return false;
      }
      for (String o : octets) {
        if (o.isEmpty() || o.length() > 3 || Integer.parseInt(o) > 255) {
          return false;
        }
      }
      return true;
    }
    try {
      return host.matches("[0-9A-Fa-f:.]+") && InetAddress.getByName(host) != null;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** "0.0.0.0" and "::": listening on every address of the machine. */
  boolean isWildcard() {
    return host.equals("0.0.0.0") || canonicalHost().equals("0:0:0:0:0:0:0:0");
  }

  /** The host in one spelling per address ("::" and "0::0" agree), so that duplicates are found. */
  String canonicalHost() {
    if (host.contains(":")) {
      try {
        return InetAddress.getByName(host).getHostAddress();
      } catch (UnknownHostException e) {
        return host;
      }
    }
    return host.toLowerCase(java.util.Locale.ROOT);
  }

  /** Two sockets that cannot both be bound: same port, and the same host or a wildcard on either side. */
  boolean clashesWith(BindAddress other) {
    return port != 0 && port == other.port
        && (isWildcard() || other.isWildcard() || canonicalHost().equals(other.canonicalHost()));
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
