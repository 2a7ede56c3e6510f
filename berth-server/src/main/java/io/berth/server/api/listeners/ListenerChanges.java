package io.berth.server.api.listeners;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.berth.server.api.ApiException;
import io.berth.server.config.BrokerConfig;
import io.berth.server.config.ConfigException;
import io.berth.server.config.ConfigLoader;
import io.berth.server.config.ListenerConfig;
import io.berth.server.config.ListenerOverrides;
import io.berth.server.listener.ListenerException;
import io.berth.server.listener.ListenerManager;
import io.berth.server.listener.ListenerStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Listener changes made through the API: each one is written into a candidate of the overrides file, the whole
 * configuration is read with it exactly as the next start will read it (same checks, same messages as berth.conf),
 * the listener is changed through the {@link ListenerManager} (no other listener is touched), and only then is the
 * overrides file saved. A change that fails leaves the broker and the file as they were.
 */
public final class ListenerChanges {
  private static final String ORIGIN = "request body";
  private final Path configFile;
  private final Map<String, String> env;
  private final Path dataDir;
  private final ListenerManager manager;
  private Config overrides;

  public ListenerChanges(Path configFile, Map<String, String> env, Path dataDir, ListenerManager manager)
      throws ConfigException {
    this.configFile = configFile;
    this.env = Map.copyOf(env);
    this.dataDir = dataDir;
    this.manager = manager;
    this.overrides = ListenerOverrides.read(dataDir);
  }

  public ListenerManager manager() {
    return manager;
  }

  /** Defines a new listener {@code type:name}, starts it unless {@code enable = false}. */
  public synchronized ListenerStatus create(String type, String name, Map<String, Object> settings) {
    String id = ListenerIds.id(type, name);
    if (manager.list().stream().anyMatch(s -> s.id().equals(id))) {
      throw new ApiException(409, "ALREADY_EXISTS", "listener " + id + " exists already");
    }
    Config candidate = overrides.withValue(path(type, name), ConfigValueFactory.fromMap(settings, ORIGIN));
    ListenerConfig c = definition(candidate, id).orElseThrow(() -> ApiException.badRequest("listener " + id
        + " is not defined by these settings"));
    apply(() -> manager.add(c));
    return commit(candidate, id);
  }

  /** Sets the given keys of a listener (the others keep their values). */
  public synchronized ListenerStatus update(String id, Map<String, Object> settings) {
    status(id);
    String[] tn = ListenerIds.split(id);
    Config candidate = overrides;
    for (Map.Entry<String, Object> e : settings.entrySet()) {
      candidate = candidate.withValue(path(tn[0], tn[1]) + "." + ConfigUtil.joinPath(e.getKey()),
          ConfigValueFactory.fromAnyRef(e.getValue(), ORIGIN));
    }
    ListenerConfig c = definition(candidate, id).orElseThrow();
    apply(() -> manager.update(c));
    return commit(candidate, id);
  }

  /** Stops and forgets a listener, and keeps it out of the next start. */
  public synchronized void remove(String id) {
    status(id);
    String[] tn = ListenerIds.split(id);
    Config without = overrides.withoutPath(path(tn[0], tn[1]));
    // A listener berth.conf (or the defaults) defines needs "= null" to stay removed; one of ours just goes.
    Config candidate = definition(without, id).isPresent()
        ? overrides.withValue(path(tn[0], tn[1]), ConfigValueFactory.fromAnyRef(null, ORIGIN)) : without;
    apply(() -> manager.remove(id));
    save(candidate);
  }

  /** start / stop, kept for the next start as the listener's {@code enable}. */
  public synchronized ListenerStatus setRunning(String id, boolean run) {
    status(id);
    String[] tn = ListenerIds.split(id);
    Config candidate = overrides.withValue(path(tn[0], tn[1]) + ".enable", ConfigValueFactory.fromAnyRef(run,
        ORIGIN));
    ListenerConfig c = definition(candidate, id).orElseThrow();
    apply(() -> manager.update(c));
    if (status(id).running() != run) { // e.g. enabled but not running (its port was taken at start)
      apply(() -> run ? manager.start(id) : manager.stop(id));
    }
    return commit(candidate, id);
  }

  public ListenerStatus restart(String id) {
    status(id);
    apply(() -> manager.restart(id));
    return status(id);
  }

  public ListenerStatus status(String id) {
    try {
      return manager.status(id);
    } catch (ListenerException e) {
      throw error(e);
    }
  }

  private ListenerStatus commit(Config candidate, String id) {
    save(candidate);
    return status(id);
  }

  private void save(Config candidate) {
    try {
      ListenerOverrides.write(dataDir, candidate);
      overrides = candidate;
    } catch (IOException e) {
      throw new ApiException(500, "NOT_SAVED", "the change is made but could not be saved for the next start: "
          + e.getMessage());
    }
  }

  /** The listener as the configuration with these overrides defines it, if it does. */
  private Optional<ListenerConfig> definition(Config candidate, String id) {
    BrokerConfig config;
    try {
      config = ConfigLoader.load(configFile, env, ConfigFactory.empty(), candidate);
    } catch (ConfigException e) {
      String m = e.getMessage();
      throw ApiException.badRequest(m.startsWith(ORIGIN + ": ") ? m.substring(ORIGIN.length() + 2) : m);
    }
    return config.listeners().stream().filter(l -> l.id().equals(id)).findFirst();
  }

  private interface Change {
    String run() throws ListenerException;
  }

  private static void apply(Change change) {
    try {
      change.run();
    } catch (ListenerException e) {
      throw error(e);
    }
  }

  private static ApiException error(ListenerException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> ApiException.notFound(e.getMessage());
      case EXISTS -> new ApiException(409, "ALREADY_EXISTS", e.getMessage());
      case FAILED -> new ApiException(400, "LISTENER_FAILED", e.getMessage());
    };
  }

  private static String path(String type, String name) {
    return ConfigUtil.joinPath("listeners", type, name);
  }
}
