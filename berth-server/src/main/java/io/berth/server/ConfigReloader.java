package io.berth.server;

import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import io.berth.server.listener.ListenerManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file the broker was started with, read again: on SIGHUP (and {@code POST
 * /api/v5/config/reload}, {@code berth ctl reload}) its listeners are applied to the running broker. An invalid file
 * is refused with its one-line error and changes nothing.
 */
public final class ConfigReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final Path file;
  private final Map<String, String> env;
  private final ListenerManager listeners;
  private BrokerConfig current;

  /**
   * @param file the configuration file, or null when the broker runs on the defaults
   * @param env the environment the broker started with (its BERTH_* overrides apply again)
   * @param running the configuration in force
   */
  public ConfigReloader(Path file, Map<String, String> env, BrokerConfig running, ListenerManager listeners) {
    this.file = file;
    this.env = Map.copyOf(env);
    this.current = running;
    this.listeners = listeners;
  }

  /** The configuration in force: the one started with, or the last one reloaded. */
  public synchronized BrokerConfig current() {
    return current;
  }

  /** What a reload changed, one line each, and whether a listener or a certificate failed (its line says why). */
  public record Result(List<String> lines, boolean failed) {}

  /**
   * Reads the file and applies its listeners (added, removed, changed), then checks the certificate files.
   *
   * @throws ConfigException the file is invalid: nothing was changed
   */
  public synchronized Result reload() throws ConfigException {
    BrokerConfig next;
    try {
      next = ConfigLoader.load(file, env);
    } catch (ConfigException e) {
      log.error("configuration not reloaded, the running one is kept: {}", e.getMessage());
      throw e;
    }
    List<String> lines = new ArrayList<>(listeners.apply(next.listeners()));
    ListenerManager.CertReport certs = listeners.reloadCertificates();
    certs.lines().stream().filter(l -> !l.contains(": unchanged, ")).forEach(lines::add);
    if (!next.nodeName().equals(current.nodeName()) || next.shutdownTimeoutMillis() != current.shutdownTimeoutMillis()
        || !next.dashboard().equals(current.dashboard())) {
      lines.add("node.name, shutdown_timeout and dashboard take effect at the next start");
    }
    if (!java.util.Objects.equals(next.dataDir(), current.dataDir()) || !next.flapping().equals(current.flapping())
        || !next.authenticationBan().equals(current.authenticationBan())) {
      lines.add("node.data_dir, flapping_detect and authentication_ban take effect at the next start");
    }
    current = next;
    boolean failed = certs.failed() || lines.stream().anyMatch(l -> l.startsWith("failed: "));
    log.info("configuration reloaded from {}: {}", file == null ? "the defaults" : file,
        lines.isEmpty() ? "no listener changed" : String.join("; ", lines));
    return new Result(lines, failed);
  }

  /** {@link #reload()} for a signal handler: the outcome goes to the log only. */
  public void reloadAndLog() {
    try {
      reload();
    } catch (ConfigException e) {
      // logged by reload()
    } catch (RuntimeException e) {
      log.error("configuration reload failed: {}", e.toString());
    }
  }
}
