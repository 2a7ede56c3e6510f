package io.berth.server.cli;

import io.berth.server.BrokerService;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code berth start [-c FILE]}: loads the configuration, starts the broker and runs until stopped. */
@Command(name = "start", description = "Start the broker in the foreground (stop it with Ctrl-C or SIGTERM; SIGHUP"
    + " reloads the configuration file).")
public final class StartCommand implements Callable<Integer> {
  public static final Path DEFAULT_CONFIG = Path.of("etc", "berth.conf");

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (default: etc/berth.conf if it exists, else the built-in defaults).")
  Path config;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The process environment; a field so that tests can give their own. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws CliError, InterruptedException {
    BrokerConfig cfg = loadConfig();
    BrokerService server;
    try {
      server = BrokerService.start(cfg, configFile(), env);
    } catch (IOException e) {
      // BrokerServer's message is already the user-facing text ("cannot bind tcp:default to 0.0.0.0:1883: ...").
      throw new CliError(CliError.USAGE, String.valueOf(e.getMessage()));
    }
    // SIGTERM and Ctrl-C shut down gracefully and exit 0; the hook covers any other way the JVM ends.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "berth-shutdown"));
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> new Thread(server::close, "berth-shutdown-" + name).start());
    }
    Hangup.Installed hangup = Hangup.onHangup(server::reloadAll);
    if (hangup.problem() != null) { // the broker runs all the same; only the signal cannot reload it
      PrintWriter err = spec.commandLine().getErr();
      err.println("berth: " + hangup.problem());
      err.flush();
    }
    server.awaitTermination();
    return 0;
  }

  /** The file named by -c, else etc/berth.conf if there is one, else null (the defaults). */
  Path configFile() {
    return config != null ? config : Files.isRegularFile(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
  }

  BrokerConfig loadConfig() throws CliError {
    try {
      return ConfigLoader.load(configFile(), env);
    } catch (ConfigException e) {
      throw new CliError(CliError.USAGE, e.getMessage());
    }
  }
}
