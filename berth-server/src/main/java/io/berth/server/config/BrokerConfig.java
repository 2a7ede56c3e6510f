package io.berth.server.config;

import io.berth.core.MqttSettings;
import io.berth.core.security.ban.AuthenticationBanSettings;
import io.berth.core.security.ban.FlappingSettings;
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
 * @param warnings what the broker should say at start about the file (obsolete keys it ignored), one line each
 * @param dataDir where the broker keeps its state (node.data_dir: bans, the server secret), or null to keep nothing
 *     (tests)
 * @param flapping flapping_detect
 * @param authenticationBan authentication_ban
 * @param overload overload_protection
 * @param authorization the authorization block, shared by every listener
 * @param durability the data directory and sync mode of the store (durability block)
 * @param dashboard the management API (dashboard block)
 * @param sysMsgIntervalMillis how often the $SYS topics are published (sys_topics.sys_msg_interval), 0 for never
 */
public record BrokerConfig(
    String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis,
    List<String> warnings, Path dataDir, FlappingSettings flapping, AuthenticationBanSettings authenticationBan,
    OverloadConfig overload, AuthorizationConfig authorization, DurabilityConfig durability,
    DashboardConfig dashboard, long sysMsgIntervalMillis) {
  public BrokerConfig {
    listeners = List.copyOf(listeners);
    warnings = List.copyOf(warnings);
  }

  /** The same configuration with other listeners (those running now, for the audit of a running broker). */
  public BrokerConfig withListeners(List<ListenerConfig> l) {
    return new BrokerConfig(source, nodeName, l, mqtt, shutdownTimeoutMillis, warnings, dataDir, flapping,
        authenticationBan, overload, authorization, durability, dashboard, sysMsgIntervalMillis);
  }

  /** The same configuration with another durability block (tests that restart a broker on one directory). */
  public BrokerConfig withDurability(DurabilityConfig d) {
    return new BrokerConfig(source, nodeName, listeners, mqtt, shutdownTimeoutMillis, warnings, dataDir, flapping,
        authenticationBan, overload, authorization, d, dashboard, sysMsgIntervalMillis);
  }

  /**
   * No data directory (bans kept in memory), flapping detection and brute-force bans off, overload protection on,
   * no authorization, nothing on disk, no management API, no $SYS topics: tests, embedded brokers.
   */
  public BrokerConfig(
      String source, String nodeName, List<ListenerConfig> listeners, MqttSettings mqtt, long shutdownTimeoutMillis) {
    this(source, nodeName, listeners, mqtt, shutdownTimeoutMillis, List.of(), null, FlappingSettings.DISABLED,
        AuthenticationBanSettings.DISABLED, OverloadConfig.defaults(), AuthorizationConfig.off(),
        DurabilityConfig.MEMORY, DashboardConfig.OFF, 0);
  }
}
