package io.berth.server;

import io.berth.server.api.ApiServer;
import io.berth.server.api.ManagementApi;
import io.berth.server.config.BrokerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker as {@code berth start} runs it: the {@link BrokerServer}, its configuration file to reload (SIGHUP),
 * and the management API (REST on 18083), which {@code berth ctl} talks to.
 */
public final class BrokerService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerService.class);
  private final BrokerServer server;
  private final ConfigReloader reloader;
  private final ApiServer api;

  private BrokerService(BrokerServer server, ConfigReloader reloader, ApiServer api) {
    this.server = server;
    this.reloader = reloader;
    this.api = api;
  }

  /**
   * @param config {@code file} read with {@code env}
   * @param file the configuration file, or null for the defaults
   * @throws IOException a listener or the management API could not start (one-line message); nothing stays open
   */
  public static BrokerService start(BrokerConfig config, Path file, Map<String, String> env) throws IOException {
    config.warnings().forEach(w -> log.warn("{}", w));
    BrokerServer server = BrokerServer.start(config);
    ConfigReloader reloader = new ConfigReloader(file, env, config, server.listeners());
    ApiServer api;
    try {
      api = ManagementApi.start(config, file, env, server, reloader);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new BrokerService(server, reloader, api);
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

  /** Stops the management API, then the broker (gracefully). */
  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    server.close();
  }

  /** Blocks until the broker has stopped. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }
}
