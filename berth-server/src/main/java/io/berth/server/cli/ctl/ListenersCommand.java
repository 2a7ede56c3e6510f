package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.cli.CliError;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth ctl listeners ...}: {@code /api/v5/listeners}. Changes are kept by the broker for its next start
 * (data/listeners.override.conf), as every change through the API.
 */
@Command(name = "listeners", description = "List, start, stop, restart, add, update, remove and test listeners.")
final class ListenersCommand implements Runnable {
  private static final String BASE = "/api/v5/listeners";
  @ParentCommand CtlCommand ctl;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static String one(String id) {
    return BASE + "/" + ManagementClient.segment(id);
  }

  @Command(name = "list", description = "Every listener: bind, status, connections, TLS certificate.")
  int list() throws CliError {
    return ctl.call(api -> {
      ctl.print(api.get(BASE), Tables::listeners);
      return 0;
    });
  }

  @Command(name = "start", description = "Start a stopped listener (and keep enable = true).")
  int start(@Parameters(paramLabel = "ID", description = "e.g. tcp:default") String id) throws CliError {
    return ctl.call(api -> {
      ctl.print(api.post(one(id) + "/start", null), l -> List.of(id + " started, " + listening(l)));
      return 0;
    });
  }

  @Command(name = "stop", description = "Stop accepting and close the listener's connections (MQTT 5: 0x8B);"
      + " kept as enable = false.")
  int stop(@Parameters(paramLabel = "ID") String id) throws CliError {
    return ctl.call(api -> {
      ctl.print(api.post(one(id) + "/stop", null), l -> List.of(id + " stopped"));
      return 0;
    });
  }

  @Command(name = "restart", description = "Stop, then start (its clients are disconnected).")
  int restart(@Parameters(paramLabel = "ID") String id) throws CliError {
    return ctl.call(api -> {
      ctl.print(api.post(one(id) + "/restart", null), l -> List.of(id + " restarted, " + listening(l)));
      return 0;
    });
  }

  @Command(name = "remove", description = "Stop a listener and remove it (also from the next start).")
  int remove(@Parameters(paramLabel = "ID") String id) throws CliError {
    return ctl.call(api -> {
      ctl.print(api.delete(one(id)), l -> List.of(id + " removed"));
      return 0;
    });
  }

  @Command(name = "add", description = "Add and start a listener; unset keys come from its type's default.")
  int add(@Parameters(paramLabel = "TYPE:NAME", description = "e.g. tcp:internal, ssl:devices") String id,
      @Option(names = "--bind", required = true, paramLabel = "HOST:PORT") String bind,
      @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any key of the listener, e.g."
          + " max_connections=1000, ssl_options.certfile=etc/certs/server.pem (paths: from the broker's"
          + " directory)") List<String> settings) throws CliError {
    int colon = id.indexOf(':');
    if (colon <= 0 || colon == id.length() - 1) {
      throw new CliError(CliError.USAGE, "listener id " + id + ": expected TYPE:NAME, e.g. tcp:internal");
    }
    ObjectNode body = ListenerSettings.toJson(settings == null ? List.of() : settings);
    body.put("type", id.substring(0, colon)).put("name", id.substring(colon + 1)).put("bind", bind);
    return ctl.call(api -> {
      ctl.print(api.post(BASE, body), l -> List.of(id + " added, " + listening(l)));
      return 0;
    });
  }

  @Command(name = "update", description = "Change some keys of a listener; the others keep their values.")
  int update(@Parameters(paramLabel = "ID") String id,
      @Option(names = "--set", required = true, paramLabel = "KEY=VALUE", description = "e.g. max_connections=5000,"
          + " bind=0.0.0.0:1884") List<String> settings) throws CliError {
    ObjectNode body = ListenerSettings.toJson(settings);
    return ctl.call(api -> {
      ctl.print(api.put(one(id), body), l -> List.of(id + " updated, " + listening(l)));
      return 0;
    });
  }

  @Command(name = "test", description = "Check a listener from the broker: each step (bind, TLS handshake, MQTT"
      + " CONNECT, ...) with its time; exit 1 when a step fails.")
  int test(@Parameters(paramLabel = "ID") String id) throws CliError {
    return ctl.call(api -> {
      ManagementClient.Reply r = api.post(one(id) + "/test", null);
      ctl.print(r, Tables::testSteps);
      JsonNode j = r.json();
      JsonNode steps = j.isArray() ? j : j.path("steps");
      boolean ok = j.path("ok").asBoolean(true);
      for (JsonNode s : steps) {
        ok &= s.path("ok").asBoolean();
      }
      return ok ? 0 : CliError.FAILURE;
    });
  }

  /** "listening on 127.0.0.1:1883", or why it is not. */
  private static String listening(JsonNode l) {
    return l.path("running").asBoolean() ? "listening on " + l.path("bind").asText()
        : l.path("enabled").asBoolean() ? "not running" : "not started (enable = false)";
  }
}
