package io.berth.server.api.tester;

import io.berth.core.net.Cidr;
import io.berth.server.api.ApiException;
import io.berth.server.config.TesterTarget;
import io.berth.server.listener.ListenerEndpoint;
import io.berth.server.listener.ListenerManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where the Tester may connect, so that it is not a port scanner or an open proxy: a listener of this broker (the
 * host is this machine: loopback, one of its interfaces' addresses or a listener's bind address; and the port is one
 * of the listeners', stopped ones included so that the refusal can be shown), or an entry of
 * {@code dashboard.tester.allowed_hosts}. The host is resolved once here and the connection goes to that address, so
 * that a second DNS answer cannot send it elsewhere.
 */
final class TargetPolicy {
  private final ListenerManager listeners;
  private final List<TesterTarget> allowed;

  TargetPolicy(ListenerManager listeners, List<TesterTarget> allowed) {
    this.listeners = listeners;
    this.allowed = allowed;
  }

  /** The address to connect to; 403 TESTER_TARGET_NOT_ALLOWED when the target is neither ours nor allowed. */
  InetAddress check(String host, int port) {
    InetAddress address = resolve(host);
    if (allowed.stream().anyMatch(a -> a.allows(host, address, port)) || isOurListener(address, port)) {
      return address;
    }
    throw new ApiException(403, "TESTER_TARGET_NOT_ALLOWED", "the Tester connects only to this broker's listeners;"
        + " " + host + ":" + port + " is not one: add it to dashboard.tester.allowed_hosts to allow it");
  }

  private boolean isOurListener(InetAddress address, int port) {
    for (ListenerEndpoint e : listeners.endpoints()) {
      InetSocketAddress bound = e.address();
      if (bound != null && bound.getPort() == port && (isThisMachine(address)
          || Cidr.unmapped(bound.getAddress()).equals(Cidr.unmapped(address)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isThisMachine(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static InetAddress resolve(String host) {
    try {
      return Cidr.unmapped(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      throw ApiException.badRequest("field 'host': unknown host " + host);
    }
  }
}
