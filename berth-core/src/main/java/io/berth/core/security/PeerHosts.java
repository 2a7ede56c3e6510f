package io.berth.core.security;

/** Helpers for the client addresses the transports report ("10.0.0.1:5000", "[::1]:5000", "unix:/run/x.sock"). */
public final class PeerHosts {
  private PeerHosts() {}

  /** The host part of an address: "10.0.0.1:5000" → "10.0.0.1", "[::1]:5000" → "::1"; other forms unchanged. */
  public static String hostOf(String address) {
    if (address == null) {
      return null;
    }
    if (address.startsWith("[")) {
      int end = address.indexOf(']');
      return end > 0 ? address.substring(1, end) : address;
    }
    int colon = address.indexOf(':');
    if (colon > 0 && colon == address.lastIndexOf(':') && !address.startsWith("unix:")) {
      return address.substring(0, colon);
    }
    return address;
  }

  /** True for a client on this machine: IPv4 127/8, IPv6 ::1 (and its IPv4-mapped form), a Unix socket. */
  public static boolean isLocal(String host) {
    if (host == null) {
      return false;
    }
    return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
        || host.startsWith("::ffff:127.") || host.startsWith("unix:");
  }
}
