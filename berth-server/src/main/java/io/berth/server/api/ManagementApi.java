package io.berth.server.api;

import io.berth.core.security.ban.BanList;
import io.berth.server.ConfigReloader;
import io.berth.server.api.auth.AdminAuth;
import io.berth.server.api.auth.AdminStore;
import io.berth.server.api.auth.CtlKey;
import io.berth.server.api.auth.InitialAdmin;
import io.berth.server.api.auth.LoginGuard;
import io.berth.server.api.auth.Secrets;
import io.berth.server.api.auth.Sessions;
import io.berth.server.api.auth.TotpEnrolment;
import io.berth.server.api.listeners.ListenerChanges;
import io.berth.server.api.listeners.ListenerRoutes;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ConfigException;
import io.berth.server.config.DashboardConfig;
import io.berth.server.listener.ListenerManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the management API together from the broker's configuration and listeners, and starts it. */
public final class ManagementApi {
  private static final Logger log = LoggerFactory.getLogger(ManagementApi.class);

  private ManagementApi() {}

  /**
   * @param file the configuration file the broker started with (null: the defaults), to check listener changes
   * @param env the environment it started with
   * @param reloader the configuration in force, reloaded by POST /api/v5/config/reload
   * @return the running server, or null when {@code dashboard.listeners.http} is off
   * @throws IOException the port, or the data directory's files (one line)
   */
  public static ApiServer start(BrokerConfig config, Path file, Map<String, String> env, ListenerManager listeners,
      ConfigReloader reloader, BanList bans) throws IOException {
    DashboardConfig d = config.dashboard();
    if (!d.enabled()) {
      return null;
    }
    if (config.dataDir() == null) {
      throw new IOException("management API: needs node.data_dir for its admins and audit log");
    }
    Path dataDir = config.dataDir();
    Files.createDirectories(dataDir);
    LongSupplier clock = System::currentTimeMillis;
    Json json = new Json();
    Secrets secrets = new Secrets();
    AdminStore store = AdminStore.open(dataDir, json.mapper());
    InitialAdmin.ensure(store, dataDir, secrets);
    CtlKey.issue(store, dataDir, secrets);
    AuditLog audit = new AuditLog(dataDir, json.mapper());
    AdminAuth auth = new AdminAuth(store, new Sessions(secrets, d.tokenTtlMillis(), clock),
        new LoginGuard(d.maxLoginAttempts(), d.lockoutMillis(), clock), dataDir, clock);
    ListenerChanges changes;
    try {
      changes = new ListenerChanges(file, env, dataDir, listeners);
    } catch (ConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    ApiServer server = ApiServer.start(d, auth, json, List.of(
        new StatusRoutes(config.nodeName(), clock.getAsLong(), clock, json),
        new AuthRoutes(auth, json, audit),
        new TotpRoutes(auth, new TotpEnrolment(auth, secrets), json, audit),
        new ApiKeyRoutes(store, secrets, json, audit),
        new ListenerRoutes(changes, json, audit),
        new BannedRoutes(bans, clock, json, audit),
        new ConfigRoutes(reloader, listeners, json, audit)));
    log.info("  management API  {}/api/v5 (OpenAPI at /api-docs)", server.url());
    return server;
  }
}
