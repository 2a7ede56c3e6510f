package io.berth.it;

import io.berth.core.admin.ClientAdmin;
import io.berth.core.admin.SubscriptionSnapshot;
import io.berth.server.BrokerServer;
import java.net.InetSocketAddress;
import java.util.List;

/** A broker the tests talk to: a {@link RunningBroker} or the one a {@link BrokerExtension} runs for a class. */
public interface Broker {
  BrokerServer server();

  /** The port of a listener, by id ("ssl:default"). */
  default int port(String listenerId) {
    return server().listenerAddress(listenerId).getPort();
  }

  default InetSocketAddress address() {
    return server().listenerAddress("tcp:default");
  }

  default int port() {
    return address().getPort();
  }

  /** "tcp://127.0.0.1:PORT" for Paho. */
  default String uri() {
    return "tcp://127.0.0.1:" + port();
  }

  /**
   * The filters the session of {@code clientId} has subscribed to, read on its event loop as the management API reads
   * them (a session's state belongs to its loop); empty when there is no such session. Other clients do not move it
   * as they move the broker-wide subscription count, where an earlier test's subscription still being removed can
   * cancel out a new one.
   */
  default List<String> subscriptionsOf(String clientId) {
    return new ClientAdmin(server().core().sessions()).get(clientId)
        .map(c -> c.subscriptions().stream().map(SubscriptionSnapshot::topic).toList()).orElse(List.of());
  }
}
