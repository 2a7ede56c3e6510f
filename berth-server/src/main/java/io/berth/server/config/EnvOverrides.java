package io.berth.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Environment overrides: {@code BERTH_LISTENERS__TCP__DEFAULT__BIND=127.0.0.1:11883} sets
 * {@code listeners.tcp.default.bind}. The prefix is BERTH_, {@code __} separates path segments and each segment is
 * lowercased. A variable whose first segment is no top-level key and that has no {@code __} (BERTH_HOME, BERTH_OPTS)
 * belongs to the launcher and is ignored; one with {@code __} is meant for us, so a misspelt root is an error.
 */
final class EnvOverrides {
  static final String PREFIX = "BERTH_";

  private EnvOverrides() {}

  /** The overrides as a Config whose values carry "environment variable NAME" as their origin; values are strings. */
  static Config from(Map<String, String> env, Set<String> rootKeys) throws ConfigException {
    Config result = ConfigFactory.empty();
    // Sorted, so that which error is reported first does not depend on the map's order.
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
        continue;
      }
      String rest = name.substring(PREFIX.length());
      List<String> path = new ArrayList<>();
      for (String segment : rest.split("__", -1)) {
        path.add(segment.toLowerCase(Locale.ROOT));
      }
      if (!rootKeys.contains(path.get(0))) {
        if (path.size() == 1) {
          continue;
        }
        throw new ConfigException("environment variable " + name + ": unknown key '" + path.get(0) + "'"
            + Suggest.didYouMean(path.get(0), rootKeys) + " (known: " + String.join(", ", sorted(rootKeys)) + ")");
      }
      if (path.contains("")) {
        throw new ConfigException("environment variable " + name + ": empty path segment; use __ only between"
            + " key names, e.g. BERTH_LISTENERS__TCP__DEFAULT__BIND");
      }
      String origin = "environment variable " + name;
      result = result.withValue(ConfigUtil.joinPath(path), ConfigValueFactory.fromAnyRef(e.getValue(), origin));
    }
    return result;
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
