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
 * @param durability the data directory and sync mode (durability block)
 */
public record BrokerConfig(
    String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis,
    Path adminSocket, DurabilityConfig durability) {
  public BrokerConfig {
    listeners = List.copyOf(listeners);
  }

  /** A configuration that keeps everything in memory. */
  public BrokerConfig(
      String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis,
      Path adminSocket) {
    this(source, nodeName, listeners, mqtt, shutdownTimeoutMillis, adminSocket, DurabilityConfig.MEMORY);
  }

  /** The same configuration with another durability block (tests that restart a broker on one directory). */
  public BrokerConfig withDurability(DurabilityConfig d) {
    return new BrokerConfig(source, nodeName, listeners, mqtt, shutdownTimeoutMillis, adminSocket, d);
  }

  /** A configuration without the admin socket, in memory only (tests, embedded brokers). */
  public BrokerConfig(
      String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis) {
    this(source, nodeName, listeners, mqtt, shutdownTimeoutMillis, null);
  }
}
