package io.berth.server.config;

import io.berth.core.MqttSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration, parsed and checked once at start-up.
 *
 * @param source where it came from, for messages ("etc/berth.conf", or "defaults")
 * @param nodeName this broker's name (node.name)
 * @param listeners every defined listener, enabled or not, in a stable order
 * @param mqtt the global protocol limits
 * @param shutdownTimeoutMillis how long a graceful shutdown may take before connections are cut
 * @param adminSocket the Unix socket `berth ctl` talks to (admin.socket), or null for none
 * @param overload overload_protection
 * @param authorization the authorization block, shared by every listener
 */
public record BrokerConfig(
    String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis,
    Path adminSocket, OverloadConfig overload, AuthorizationConfig authorization) {
  public BrokerConfig {
    listeners = List.copyOf(listeners);
  }

  /** A configuration without the admin socket (tests, embedded brokers). */
  public BrokerConfig(
      String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis) {
    this(source, nodeName, listeners, mqtt, shutdownTimeoutMillis, null, OverloadConfig.defaults(),
        AuthorizationConfig.none());
  }
}
