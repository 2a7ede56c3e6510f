package io.berth.server;

import io.berth.server.admin.AdminCommands;
import io.berth.server.admin.AdminServer;
import io.berth.server.api.ApiServer;
import io.berth.server.api.ManagementApi;
import io.berth.server.config.BrokerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The broker as {@code berth start} runs it: the {@link BrokerServer}, its configuration file to reload (SIGHUP),
 * the admin socket {@code berth ctl} talks to, and the management API (REST on 18083).
 */
public final class BrokerService implements AutoCloseable {
  private final BrokerServer server;
  private final ConfigReloader reloader;
  private final AdminServer admin;
  private final ApiServer api;

  private BrokerService(BrokerServer server, ConfigReloader reloader, AdminServer admin, ApiServer api) {
    this.server = server;
    this.reloader = reloader;
    this.admin = admin;
    this.api = api;
  }

  /**
   * @param config {@code file} read with {@code env}
   * @param file the configuration file, or null for the defaults
   * @throws IOException a listener, the admin socket or the management API could not start (one-line message);
   *     nothing stays open
   */
  public static BrokerService start(BrokerConfig config, Path file, Map<String, String> env) throws IOException {
    BrokerServer server = BrokerServer.start(config);
    ConfigReloader reloader = new ConfigReloader(file, env, config, server.listeners());
    AdminServer admin = null;
    ApiServer api = null;
    try {
      if (config.adminSocket() != null) {
        admin = AdminServer.open(config.adminSocket(), new AdminCommands(server.listeners(), reloader,
            server.core().defences().banList()));
      }
      api = ManagementApi.start(config, file, env, server);
    } catch (IOException | RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      server.close();
      throw e;
    }
    return new BrokerService(server, reloader, admin, api);
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

  /** The management API, or null when it is off. */
  public ApiServer api() {
    return api;
  }

  /** Stops the management API and the admin socket, then the broker (gracefully). */
  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
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
