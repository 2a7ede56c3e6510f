package io.berth.server.config;

import io.berth.core.MqttSettings;
import java.util.List;

/**
 * The whole configuration, parsed and checked once at start-up.
 *
 * @param source where it came from, for messages ("etc/berth.conf", or "defaults")
 * @param nodeName this broker's name (node.name)
 * @param listeners every defined listener, enabled or not, in a stable order
 * @param mqtt the global protocol limits
 * @param shutdownTimeoutMillis how long a graceful shutdown may take before connections are cut
 */
public record BrokerConfig(
    String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis) {
  public BrokerConfig {
    listeners = List.copyOf(listeners);
  }
}
