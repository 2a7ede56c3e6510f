package io.berth.it;

import io.berth.core.MqttSettings;
import io.berth.server.BrokerServer;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ListenerConfig;
import java.net.InetSocketAddress;
import java.util.List;

/** A broker started in-process on an ephemeral loopback port, for one test class. */
public final class RunningBroker implements AutoCloseable {
  private final BrokerServer server;

  private RunningBroker(BrokerServer server) {
    this.server = server;
  }

  public static RunningBroker start() {
    return start(MqttSettings.defaults());
  }

  public static RunningBroker start(MqttSettings settings) {
    ListenerConfig tcp = new ListenerConfig("tcp", "default", "127.0.0.1", 0, true, 10_000, settings);
    try {
      return new RunningBroker(BrokerServer.start(new BrokerConfig("test", "berth@test", List.of(tcp), settings,
          5_000)));
    } catch (Exception e) {
      throw new IllegalStateException("broker did not start", e);
    }
  }

  public BrokerServer server() {
    return server;
  }

  public int port() {
    return address().getPort();
  }

  public InetSocketAddress address() {
    return server.listenerAddress("tcp:default");
  }

  /** "tcp://127.0.0.1:PORT" for Paho. */
  public String uri() {
    return "tcp://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.close();
  }
}
