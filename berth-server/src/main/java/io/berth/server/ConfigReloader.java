package io.berth.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import io.berth.server.config.ListenerConfig;
import io.berth.server.listener.ListenerManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration file the broker was started with, read again: on SIGHUP (and {@code berth ctl reload}) its
 * listeners are applied to the running broker, and {@code berth ctl listeners add} defines a listener with it. An
 * invalid file is refused with its one-line error and changes nothing.
 */
public final class ConfigReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

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
        || !java.util.Objects.equals(next.adminSocket(), current.adminSocket())) {
      lines.add("node.name, shutdown_timeout and admin.socket take effect at the next start");
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

  /**
   * A new listener {@code type:name} as the configuration would define it: bind and settings over its type's
   * defaults and the file's global mqtt limits, checked like the file.
   *
   * @param settings "key=value" relative to the listener ("max_connections=100", "ssl_options.certfile=/x.pem",
   *     "websocket.allowed_origins=[\"https://a\"]"); a value starting with [, { or " is HOCON, others are text
   */
  public ListenerConfig newListener(String id, String bind, List<String> settings) throws ConfigException {
    int colon = id.indexOf(':');
    String type = colon < 0 ? "" : id.substring(0, colon);
    String name = id.substring(colon + 1);
    if (!ListenerConfig.TYPES.contains(type) || !NAME.matcher(name).matches()) {
      throw new ConfigException("listener id " + id + ": expected TYPE:NAME, TYPE one of "
          + String.join(", ", ListenerConfig.TYPES) + ", NAME of letters, digits, _ and -");
    }
    String prefix = ConfigUtil.joinPath("listeners", type, name);
    Config extra = ConfigFactory.empty()
        .withValue(prefix + ".bind", ConfigValueFactory.fromAnyRef(bind, "berth ctl --bind"));
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("berth ctl --set " + s + ": expected KEY=VALUE, e.g. max_connections=1000");
      }
      String key = s.substring(0, eq).strip();
      try {
        extra = extra.withValue(prefix + "." + key, value(key, s.substring(eq + 1).strip()));
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("berth ctl --set " + s + ": " + e.getMessage().replace('\n', ' '));
      }
    }
    BrokerConfig withIt = ConfigLoader.load(file, env, extra);
    return withIt.listeners().stream().filter(l -> l.id().equals(type + ":" + name)).findFirst()
        .orElseThrow(() -> new ConfigException("listener " + id + " is not defined by these settings"));
  }

  private static ConfigValue value(String key, String text) {
    String origin = "berth ctl --set " + key;
    if (text.startsWith("[") || text.startsWith("{") || text.startsWith("\"")) {
      return ConfigFactory.parseString("v = " + text).getValue("v")
          .withOrigin(ConfigOriginFactory.newSimple(origin));
    }
    return ConfigValueFactory.fromAnyRef(text, origin);
  }
}
