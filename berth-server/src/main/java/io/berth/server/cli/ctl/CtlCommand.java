package io.berth.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.cli.AuditCommand;
import io.berth.server.cli.CliError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code berth ctl}: the running broker through its management REST API (docs/api.md#berth-ctl). Tables for
 * people; {@code --json} prints the API's JSON as it came, for scripts. A refusal prints the API's message and
 * exits 1.
 */
@Command(name = "ctl",
    description = "Control the running broker through its management API (listeners, clients, bans, users,"
        + " configuration reload, certificates, audit).",
    subcommands = {ListenersCommand.class, ClientsCommand.class, BannedCommand.class, UsersCommand.class,
        CtlCommand.Certs.class})
public final class CtlCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The broker's configuration, for dashboard.listeners.http.bind and node.data_dir (ctl.key)"
          + " (default: etc/berth.conf).")
  Path config;

  @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "The management API, e.g. http://10.0.0.5:18083 (default: from the configuration).")
  String url;

  @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "Log in as this admin; the password comes from BERTH_PASSWORD or is asked for.")
  String user;

  @Option(names = "--totp", paramLabel = "CODE", scope = ScopeType.INHERIT,
      description = "The admin's TOTP code (or a recovery code), when it has a second factor.")
  String totp;

  @Option(names = "--api-key", paramLabel = "KEY:SECRET", scope = ScopeType.INHERIT,
      description = "An API key (default: BERTH_API_KEY, else node.data_dir/ctl.key).")
  String apiKey;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the API's JSON as it is, for scripts.")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
  boolean help;

  /** The process environment; a field so that tests can give their own. */
  Map<String, String> env = System.getenv();
  /** Where passwords and codes are asked for. */
  Terminal terminal = Terminal.CONSOLE;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** One command's work with an authorized client; a login's token is given back (logout) afterwards. */
  interface Work {
    int run(ManagementClient api) throws CliError;
  }

  int call(Work work) throws CliError {
    ManagementClient api = ApiAccess.open(this);
    try {
      return work.run(api);
    } finally {
      if (user != null && apiKey == null) {
        try {
          api.post("/api/v5/logout", null);
        } catch (CliError ignored) {
          // the token expires on its own; the command's own outcome is what matters
        }
      }
    }
  }

  /** With --json the reply's body as it is, else the lines {@code text} makes of its JSON. */
  void print(ManagementClient.Reply reply, Text text) throws CliError {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      if (!reply.body().isEmpty()) {
        out.println(reply.body());
      }
    } else {
      text.lines(reply.body().isEmpty() ? ManagementClient.JSON.nullNode() : reply.json()).forEach(out::println);
    }
    out.flush();
  }

  /** Lines for people from an answer's JSON. */
  interface Text {
    List<String> lines(JsonNode json) throws CliError;
  }

  @Command(name = "status", description = "Whether the broker runs: node, version, uptime, listeners, clients,"
      + " subscriptions, retained messages.")
  int status() throws CliError {
    return call(api -> {
      ManagementClient.Reply status = api.get("/api/v5/status");
      if (json) {
        print(status, j -> List.of());
        return 0;
      }
      JsonNode listeners = api.get("/api/v5/listeners").json();
      ManagementClient.Reply stats = api.exchange("GET", "/api/v5/stats", null); // absent from older brokers
      print(status, s -> {
        int running = 0;
        long connections = 0;
        for (JsonNode l : listeners) {
          running += l.path("running").asBoolean() ? 1 : 0;
          connections += l.path("current_connections").asLong();
        }
        List<String> lines = new ArrayList<>();
        lines.add("Berth " + s.path("version").asText() + " on " + s.path("node").asText() + ": "
            + s.path("status").asText() + ", up " + uptime(s.path("uptime").asLong()));
        lines.add("listeners: " + running + " running of " + listeners.size() + "; connections: " + connections);
        if (stats.status() == 200) {
          JsonNode f = stats.json();
          lines.add("sessions: " + f.path("sessions.count").asText("?") + "; subscriptions: "
              + f.path("subscriptions.count").asText("?") + "; retained messages: "
              + f.path("retained.count").asText("?"));
        }
        lines.add("management API: " + api.baseUrl());
        return lines;
      });
      return 0;
    });
  }

  @Command(name = "reload", description = "Read the configuration file again and apply its listeners (as SIGHUP).")
  int reload() throws CliError {
    return call(api -> outcome(api.post("/api/v5/config/reload", null)));
  }

  @Command(name = "audit", description = "The exposure report of the running broker (its listeners as they are"
      + " now); exit 3 when it has a high-severity finding.")
  int audit() throws CliError {
    return call(api -> {
      ManagementClient.Reply r = api.get("/api/v5/audit");
      print(r, j -> j.path("report").asText().lines().toList());
      return r.json().path("has_high").asBoolean() ? AuditCommand.HIGH_FINDING : 0;
    });
  }

  /** A reload's lines; when something failed, they are the error (exit 1). */
  int outcome(ManagementClient.Reply r) throws CliError {
    JsonNode j = r.json();
    if (j.path("failed").asBoolean() && !json) {
      List<String> lines = new ArrayList<>();
      j.path("lines").forEach(l -> lines.add(l.asText()));
      throw CliError.failure(String.join("; ", lines));
    }
    print(r, x -> {
      List<String> lines = new ArrayList<>();
      x.path("lines").forEach(l -> lines.add(l.asText()));
      return lines;
    });
    return j.path("failed").asBoolean() ? CliError.FAILURE : 0;
  }

  static String uptime(long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    return d.toDays() > 0 ? d.toDays() + "d " + d.toHoursPart() + "h"
        : d.toHours() > 0 ? d.toHours() + "h " + d.toMinutesPart() + "m"
        : d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s" : seconds + "s";
  }

  /** {@code berth ctl certs reload}. */
  @Command(name = "certs", description = "TLS certificates of the running listeners.")
  static final class Certs implements Runnable {
    @CommandLine.ParentCommand CtlCommand ctl;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "reload", description = "Check the certificate files now (they are checked every 5 s anyway).")
    int reload() throws CliError {
      return ctl.call(api -> ctl.outcome(api.post("/api/v5/certs/reload", null)));
    }
  }
}
