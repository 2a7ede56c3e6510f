package io.berth.server.audit;

import io.berth.server.config.ListenerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who can reach a listener, judged from its bind address (a firewall in front is not known to Berth). */
public enum Reach {
  /** Loopback or a Unix socket: this machine only. */
  LOCAL("this machine only"),
  /** A private address (10/8, 172.16/12, 192.168/16, fc00::/7, link-local): the local network. */
  PRIVATE("the local network"),
  /** Every interface (0.0.0.0, ::) or a public address: possibly the internet. */
  ANY("other machines, possibly the internet");

  private final String words;

  Reach(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }

  public static Reach of(ListenerConfig c) {
    if (c.unix() != null) {
      return LOCAL;
    }
    return ofHost(c.host());
  }

  /** The reach of a bind host ("0.0.0.0", "127.0.0.1", "10.0.0.5", a name). */
  public static Reach ofHost(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return LOCAL;
    }
    try {
      InetAddress a = InetAddress.getByName(host);
      if (a.isLoopbackAddress()) {
        return LOCAL;
      }
      if (a.isSiteLocalAddress() || a.isLinkLocalAddress() || isUniqueLocal(a)) {
        return PRIVATE;
      }
      return ANY;
    } catch (UnknownHostException e) {
      return ANY;
    }
  }

  private static boolean isUniqueLocal(InetAddress a) {
    byte[] b = a.getAddress();
    return b.length == 16 && (b[0] & 0xFE) == 0xFC; // fc00::/7
  }
}
