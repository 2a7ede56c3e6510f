package io.berth.it;

import io.berth.core.MqttSettings;
import io.berth.server.BrokerServer;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.DurabilityConfig;
import io.berth.server.config.ListenerConfig;
import java.util.List;

/** A broker started in-process on an ephemeral loopback port, for one test class. */
public final class RunningBroker implements Broker, AutoCloseable {
  private final BrokerServer server;

  private RunningBroker(BrokerServer server) {
    this.server = server;
  }

  public static RunningBroker start() {
    return start(MqttSettings.defaults());
  }

  public static RunningBroker start(MqttSettings settings) {
    return start(settings, DurabilityConfig.MEMORY);
  }

  /** A broker on a data directory (durability.sync = batch there): a test restarts it on the same one. */
  public static RunningBroker durable(java.nio.file.Path dataDir) {
    return start(MqttSettings.defaults(), DurabilityConfig.batch(dataDir));
  }

  public static RunningBroker start(MqttSettings settings, DurabilityConfig durability) {
    try {
      return new RunningBroker(BrokerServer.start(config(settings, durability)));
    } catch (Exception e) {
      throw new IllegalStateException("broker did not start", e);
    }
  }

  static BrokerConfig config(MqttSettings settings, DurabilityConfig durability) {
    ListenerConfig tcp = new ListenerConfig("tcp", "default", "127.0.0.1", 0, true, 10_000, settings);
    return new BrokerConfig("test", "berth@test", List.of(tcp), settings, 5_000).withDurability(durability);
  }

  /**
   * A broker from a HOCON text (listeners with bind = "127.0.0.1:0"), read by the real configuration loader. It keeps
   * nothing on disk and publishes no $SYS topics unless the text sets durability or sys_topics itself, and its
   * node.data_dir is in {@code dir} (the default "data" would be shared by every test).
   */
  public static RunningBroker fromConfig(java.nio.file.Path dir, String hocon) {
    try {
      java.nio.file.Path file = dir.resolve("berth.conf");
      // Each broker keeps its state (bans, the server secret) in its test's own directory, never in a shared data/;
      // no $SYS messages unless the text asks (a test subscribing to $SYS/# sees only what it publishes itself).
      java.nio.file.Files.writeString(file, "durability.sync = none\nsys_topics.sys_msg_interval = 0\n"
          + "node.data_dir = \"" + dir.resolve("data").toString().replace("\\", "/") + "\"\n" + hocon);
      return new RunningBroker(BrokerServer.start(io.berth.server.config.ConfigLoader.load(file, java.util.Map.of())));
    } catch (Exception e) {
      throw new IllegalStateException("broker did not start: " + e.getMessage(), e);
    }
  }

  @Override
  public BrokerServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
  }
}
