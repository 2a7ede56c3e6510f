package io.berth.server;

import io.berth.server.admin.AdminCommands;
import io.berth.server.admin.AdminServer;
import io.berth.server.config.BrokerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The broker as {@code berth start} runs it: the {@link BrokerServer}, its configuration file to reload (SIGHUP),
 * and the admin socket {@code berth ctl} talks to.
 */
public final class BrokerService implements AutoCloseable {
  private final BrokerServer server;
  private final ConfigReloader reloader;
  private final AdminServer admin;

  private BrokerService(BrokerServer server, ConfigReloader reloader, AdminServer admin) {
    this.server = server;
    this.reloader = reloader;
    this.admin = admin;
  }

  /**
   * @param config {@code file} read with {@code env}
   * @param file the configuration file, or null for the defaults
   * @throws IOException a listener or the admin socket could not start (one-line message); nothing stays open
   */
  public static BrokerService start(BrokerConfig config, Path file, Map<String, String> env) throws IOException {
    BrokerServer server = BrokerServer.start(config);
    ConfigReloader reloader = new ConfigReloader(file, env, config, server.listeners());
    AdminServer admin = null;
    if (config.adminSocket() != null) {
      try {
        admin = AdminServer.open(config.adminSocket(), new AdminCommands(server.listeners(), reloader,
            server.core().defences().banList()));
      } catch (IOException e) {
        server.close();
        throw e;
      }
    }
    return new BrokerService(server, reloader, admin);
  }

  public BrokerServer server() {
    return server;
  }

  public ConfigReloader reloader() {
    return reloader;
  }

  /** SIGHUP: the configuration file (listeners, certificates), then the user and ACL files that changed. */
  public void reloadAll() {
    reloader.reloadAndLog();
    server.reloadSecurityFiles();
  }

  /** Stops the admin socket, then the broker (gracefully). */
  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
    server.close();
  }

  /** Blocks until the broker has stopped. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }
}
