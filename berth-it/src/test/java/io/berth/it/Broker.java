package io.berth.it;

import io.berth.server.BrokerServer;
import java.net.InetSocketAddress;

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
}
