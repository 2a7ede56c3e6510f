package io.berth.server.api;

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
import io.berth.core.admin.ClientAdmin;
import io.berth.server.BrokerServer;
import io.berth.server.api.bans.BanRoutes;
import io.berth.server.api.clients.ClientRoutes;
import io.berth.server.api.clients.SubscriptionRoutes;
import io.berth.server.api.metrics.MetricsRoutes;
import io.berth.server.api.retained.RetainedRoutes;
import io.berth.server.api.users.UserRoutes;
import io.berth.server.config.AuthenticationConfig;
import io.berth.server.api.tester.SelfTestRoutes;
import io.berth.server.api.tester.Tester;
import io.berth.server.api.tester.TesterRoutes;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ListenerConfig;
import io.berth.server.metrics.PrometheusMeters;
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
  public static ApiServer start(BrokerConfig config, Path file, Map<String, String> env, BrokerServer broker,
      ConfigReloader reloader) throws IOException {
    ListenerManager listeners = broker.listeners();
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
    ClientAdmin clients = new ClientAdmin(broker.core().sessions());
    PrometheusMeters prometheus = new PrometheusMeters(broker.figures(), clients);
    Tester tester = new Tester(listeners, d);
    ApiServer server = ApiServer.start(d, auth, json, List.of(
        new StatusRoutes(config.nodeName(), clock.getAsLong(), clock, json),
        new AuthRoutes(auth, json, audit),
        new TotpRoutes(auth, new TotpEnrolment(auth, secrets), json, audit),
        new ApiKeyRoutes(store, secrets, json, audit),
        new ListenerRoutes(changes, json, audit),
        new SelfTestRoutes(listeners, json, audit),
        new TesterRoutes(tester, auth, json, audit),
        new ClientRoutes(clients, json, audit),
        new SubscriptionRoutes(clients, json),
        new RetainedRoutes(broker.core().retained(), json, audit),
        new BanRoutes(broker.core().defences().banList(), clock, json, audit),
        new UserRoutes(builtInUserFile(config), broker::reloadSecurityFiles, json, audit),
        new MetricsRoutes(broker.figures(), prometheus, json),
        new ConfigRoutes(reloader, listeners, json, audit)), List.of(prometheus, tester));
    log.info("  management API  {}/api/v5 (OpenAPI at /api-docs)", server.url());
    return server;
  }

  /** The user file of the first password_based provider of the listeners' chains, or null for none. */
  private static Path builtInUserFile(BrokerConfig config) {
    for (ListenerConfig l : config.listeners()) {
      for (AuthenticationConfig.Provider p : l.authentication().chain()) {
        if (p instanceof AuthenticationConfig.PasswordBased pb) {
          return pb.userFile();
        }
      }
    }
    return null;
  }
}
