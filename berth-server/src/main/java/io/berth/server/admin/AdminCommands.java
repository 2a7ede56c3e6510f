package io.berth.server.admin;

import io.berth.core.security.ban.BanList;
import io.berth.server.ConfigReloader;
import io.berth.server.audit.AuditReport;
import io.berth.server.admin.AdminProtocol.Response;
import io.berth.server.config.ConfigException;
import io.berth.server.listener.ListenerException;
import io.berth.server.listener.ListenerManager;
import java.util.List;
import java.util.function.Function;

/**
 * What the admin socket understands: the words of a {@code berth ctl} command, turned into calls on the
 * {@link ListenerManager} and the {@link ConfigReloader}, answered with lines to print.
 *
 * <pre>
 * listeners list
 * listeners start|stop|restart|remove ID
 * listeners add ID BIND [KEY=VALUE...]
 * certs reload
 * audit
 * reload
 * banned list|add|remove ... ({@link BanCommands})
 * </pre>
 */
public final class AdminCommands implements Function<List<String>, Response> {
  private final ListenerManager listeners;
  private final ConfigReloader config;
  private final BanCommands bans;

  public AdminCommands(ListenerManager listeners, ConfigReloader config, BanList bans) {
    this.listeners = listeners;
    this.config = config;
    this.bans = new BanCommands(bans, System::currentTimeMillis);
  }

  @Override
  public Response apply(List<String> w) {
    try {
      return run(w);
    } catch (ListenerException | ConfigException e) {
      return Response.error(e.getMessage());
    }
  }

  private Response run(List<String> w) throws ListenerException, ConfigException {
    if (!w.isEmpty() && w.get(0).equals("banned")) {
      return bans.run(w);
    }
    String command = String.join(" ", w.subList(0, Math.min(2, w.size())));
    switch (command) {
      case "listeners list":
        return Response.ok(ListenerTable.render(listeners.list()));
      case "listeners start":
        return Response.ok(listeners.start(id(w)));
      case "listeners stop":
        return Response.ok(listeners.stop(id(w)));
      case "listeners restart":
        return Response.ok(listeners.restart(id(w)));
      case "listeners remove":
        return Response.ok(listeners.remove(id(w)));
      case "listeners add":
        if (w.size() < 4) {
          return Response.error("usage: listeners add TYPE:NAME BIND [KEY=VALUE...]");
        }
        return Response.ok(listeners.add(config.newListener(w.get(2), w.get(3), w.subList(4, w.size()))));
      case "audit": { // the exposure report of the running broker: its listeners as they are now
        AuditReport report = AuditReport.of(config.current().withListeners(listeners.runningConfigs()),
            java.time.Instant.now());
        return Response.ok(report.render().lines().toList());
      }
      case "certs reload": {
        ListenerManager.CertReport report = listeners.reloadCertificates();
        List<String> lines = report.lines().isEmpty() ? List.of("no TLS listener is running") : report.lines();
        return new Response(!report.failed(), lines);
      }
      default:
        if (w.equals(List.of("reload"))) {
          ConfigReloader.Result r = config.reload();
          return new Response(!r.failed(), r.lines().isEmpty() ? List.of("configuration reloaded, no listener"
              + " changed") : r.lines());
        }
        return Response.error("unknown command: " + String.join(" ", w));
    }
  }

  private static String id(List<String> w) throws ListenerException {
    if (w.size() != 3) {
      throw new ListenerException(ListenerException.Kind.NOT_FOUND, "usage: listeners " + w.get(1) + " TYPE:NAME");
    }
    return w.get(2);
  }
}
