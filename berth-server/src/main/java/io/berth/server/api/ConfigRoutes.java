package io.berth.server.api;

import io.berth.server.ConfigReloader;
import io.berth.server.audit.AuditReport;
import io.berth.server.config.ConfigException;
import io.berth.server.listener.ListenerManager;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The configuration in force: {@code POST /api/v5/config/reload} (what SIGHUP does), {@code POST
 * /api/v5/certs/reload} (check the TLS files now) and {@code GET /api/v5/audit} (the exposure report of the
 * listeners as they run now).
 */
public final class ConfigRoutes implements Consumer<RoutesConfig> {
  private final ConfigReloader reloader;
  private final ListenerManager listeners;
  private final Json json;
  private final AuditLog audit;

  /** What a reload did, one line each; {@code failed} when a listener or a certificate could not be applied. */
  record Outcome(List<String> lines, boolean failed) {}

  record FindingView(String severity, String scope, String problem, String fix) {}

  record Audit(String report, boolean hasHigh, List<FindingView> findings) {}

  public ConfigRoutes(ConfigReloader reloader, ListenerManager listeners, Json json, AuditLog audit) {
    this.reloader = reloader;
    this.listeners = listeners;
    this.json = json;
    this.audit = audit;
  }

  @Override
  public void accept(RoutesConfig r) {
    r.post("/api/v5/config/reload", this::reload);
    r.post("/api/v5/certs/reload", this::certs);
    r.get("/api/v5/audit", this::report);
  }

  private void reload(Context ctx) {
    audit.audited(ctx, "config_reload", "", () -> {
      ConfigReloader.Result r;
      try {
        r = reloader.reload();
      } catch (ConfigException e) {
        throw new ApiException(400, "CONFIG_INVALID", e.getMessage());
      }
      json.send(ctx, 200, new Outcome(r.lines().isEmpty() ? List.of("configuration reloaded, no listener changed")
          : r.lines(), r.failed()));
    });
  }

  private void certs(Context ctx) {
    audit.audited(ctx, "certs_reload", "", () -> {
      ListenerManager.CertReport r = listeners.reloadCertificates();
      json.send(ctx, 200, new Outcome(r.lines().isEmpty() ? List.of("no TLS listener is running") : r.lines(),
          r.failed()));
    });
  }

  private void report(Context ctx) {
    AuditReport report = AuditReport.of(reloader.current().withListeners(listeners.runningConfigs()),
        Instant.now());
    List<FindingView> findings = report.findings().stream().map(f -> new FindingView(
        f.severity().name().toLowerCase(Locale.ROOT), f.scope(), f.problem(), f.fix())).toList();
    json.send(ctx, 200, new Audit(report.render(), report.hasHigh(), findings));
  }
}
