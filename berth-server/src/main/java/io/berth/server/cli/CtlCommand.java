package io.berth.server.cli;

import io.berth.server.admin.AdminClient;
import io.berth.server.audit.AuditReport;
import io.berth.server.admin.AdminProtocol.Response;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth ctl}: commands for the running broker, sent to its admin socket (admin.socket, by default
 * data/berth-admin.sock). Prints the broker's answer; exits 1 with its message when it refuses.
 */
@Command(name = "ctl",
    description = "Control the running broker (listeners, certificates, bans, configuration reload).",
    subcommands = {CtlCommand.Listeners.class, CtlCommand.Certs.class, BannedCommand.class})
final class CtlCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--socket", paramLabel = "PATH",
      description = "The broker's admin socket (default: admin.socket of the configuration, data/berth-admin.sock).")
  Path socket;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The configuration the broker runs with, to find admin.socket (default: etc/berth.conf).")
  Path config;

  /** The process environment; a field so that tests can give their own. */
  Map<String, String> env = System.getenv();

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "reload", description = "Read the configuration file again and apply its listeners (as SIGHUP).")
  int reload() throws CliError {
    return send(spec.commandLine().getOut(), List.of("reload"));
  }

  @Command(name = "audit", description = "The exposure report of the running broker (its listeners as they are"
      + " now); exit 3 when it has a high-severity finding.")
  int audit() throws CliError {
    PrintWriter out = spec.commandLine().getOut();
    java.io.StringWriter text = new java.io.StringWriter();
    send(new PrintWriter(text, true), List.of("audit"));
    out.print(text);
    out.flush();
    return text.toString().contains(AuditReport.NO_HIGH_FINDING) ? 0 : AuditCommand.HIGH_FINDING;
  }

  /** Sends the words, prints the answer; a refusal becomes "berth: <message>" and exit code 1. */
  int send(PrintWriter out, List<String> words) throws CliError {
    Path path = socketPath();
    Response r;
    try {
      r = AdminClient.call(path, words);
    } catch (IOException e) {
      throw CliError.failure("cannot reach the broker at " + path + " (" + e.getMessage() + "): is it running, from"
          + " this directory? --socket names another admin socket");
    }
    if (!r.ok()) {
      throw CliError.failure(String.join("; ", r.lines()));
    }
    r.lines().forEach(out::println);
    out.flush();
    return 0;
  }

  private Path socketPath() throws CliError {
    if (socket != null) {
      return socket;
    }
    Path file = config != null ? config
        : Files.isRegularFile(StartCommand.DEFAULT_CONFIG) ? StartCommand.DEFAULT_CONFIG : null;
    BrokerConfig cfg;
    try {
      cfg = ConfigLoader.load(file, env);
    } catch (ConfigException e) {
      throw new CliError(CliError.USAGE, e.getMessage() + " (needed for admin.socket; or give --socket)");
    }
    if (cfg.adminSocket() == null) {
      throw CliError.failure("admin.socket = \"\" in " + cfg.source() + ": the broker has no admin socket");
    }
    return cfg.adminSocket();
  }

  /** {@code berth ctl listeners ...}. */
  @Command(name = "listeners", description = "List, start, stop, restart, add and remove listeners.")
  static final class Listeners implements Runnable {
    @ParentCommand CtlCommand ctl;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    private int send(String... words) throws CliError {
      return ctl.send(spec.commandLine().getOut(), List.of(words));
    }

    @Command(name = "list", description = "Every listener: bind, status, connections, TLS certificate.")
    int list() throws CliError {
      return send("listeners", "list");
    }

    @Command(name = "start", description = "Start a stopped listener.")
    int start(@Parameters(paramLabel = "ID", description = "e.g. tcp:default") String id) throws CliError {
      return send("listeners", "start", id);
    }

    @Command(name = "stop", description = "Stop accepting and close the listener's connections (MQTT 5: 0x8B).")
    int stop(@Parameters(paramLabel = "ID") String id) throws CliError {
      return send("listeners", "stop", id);
    }

    @Command(name = "restart", description = "Stop, then start (its clients are disconnected).")
    int restart(@Parameters(paramLabel = "ID") String id) throws CliError {
      return send("listeners", "restart", id);
    }

    @Command(name = "remove", description = "Stop a listener and forget it (until the configuration is reloaded).")
    int remove(@Parameters(paramLabel = "ID") String id) throws CliError {
      return send("listeners", "remove", id);
    }

    @Command(name = "add", description = "Add and start a listener; unset keys come from its type's default.")
    int add(@Parameters(paramLabel = "TYPE:NAME", description = "e.g. tcp:internal, ssl:devices") String id,
        @Option(names = "--bind", required = true, paramLabel = "HOST:PORT") String bind,
        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any key of the listener, e.g."
            + " max_connections=1000, ssl_options.certfile=etc/certs/server.pem (paths: from the broker's"
            + " directory)") List<String> settings) throws CliError {
      List<String> words = new ArrayList<>(List.of("listeners", "add", id, bind));
      if (settings != null) {
        words.addAll(settings);
      }
      return ctl.send(spec.commandLine().getOut(), words);
    }
  }

  /** {@code berth ctl certs reload}. */
  @Command(name = "certs", description = "TLS certificates of the running listeners.")
  static final class Certs implements Runnable {
    @ParentCommand CtlCommand ctl;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "reload", description = "Check the certificate files now (they are checked every 5 s anyway).")
    int reload() throws CliError {
      return ctl.send(spec.commandLine().getOut(), List.of("certs", "reload"));
    }
  }
}
