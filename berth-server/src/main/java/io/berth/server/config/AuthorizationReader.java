package io.berth.server.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.berth.core.security.acl.AclFormat;
import io.berth.core.security.acl.AuthorizationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the {@code authorization} block into an {@link AuthorizationConfig}. */
final class AuthorizationReader {
  private static final Set<String> SOURCE_KEYS = Set.of("type", "enable", "path", "format");
  private final Problems problems;

  AuthorizationReader(Problems problems) {
    this.problems = problems;
  }

  AuthorizationConfig read(Fields root) throws ConfigException {
    String p = "authorization.";
    AuthorizationSettings.CacheSettings cache = new AuthorizationSettings.CacheSettings(
        root.bool(p + "cache.enable"),
        root.intIn(p + "cache.max_size", 1, AuthorizationSettings.CacheSettings.MAX_SIZE_LIMIT),
        Duration.ofMillis(root.durationMillis(p + "cache.ttl", 1, Long.MAX_VALUE)));
    AuthorizationSettings settings = new AuthorizationSettings(
        AuthorizationSettings.NoMatch.fromConfig(root.word(p + "no_match", "allow", "deny")),
        AuthorizationSettings.DenyAction.fromConfig(root.word(p + "deny_action", "ignore", "disconnect")),
        root.bool(p + "sys_topics_superuser_only"), cache);
    return new AuthorizationConfig(sources(root, p + "sources"), settings);
  }

  private List<AuthorizationConfig.AclSource> sources(Fields root, String key) throws ConfigException {
    ConfigValue v = root.value(key);
    if (v.valueType() != ConfigValueType.LIST) {
      throw root.problem(key, "expected a list of sources, e.g. [{type = file, path = \"etc/acl.conf\"}]");
    }
    List<AuthorizationConfig.AclSource> sources = new ArrayList<>();
    ConfigList list = (ConfigList) v;
    for (int i = 0; i < list.size(); i++) {
      String k = key + "." + i;
      if (list.get(i).valueType() != ConfigValueType.OBJECT) {
        throw problems.at(list.get(i), k, "expected a source object {type = file, path = \"etc/acl.conf\"}");
      }
      ConfigObject entry = (ConfigObject) list.get(i);
      for (String name : entry.keySet()) {
        if (!SOURCE_KEYS.contains(name)) {
          throw problems.atKey(entry.get(name).origin(), k + "." + name, "unknown key"
              + Suggest.didYouMean(name, SOURCE_KEYS) + " (known: enable, format, path, type)");
        }
      }
      Fields f = new Fields(entry.toConfig(), k, problems);
      if (!entry.containsKey("type") || !entry.containsKey("path")) {
        throw problems.atKey(entry.origin(), k, "a source needs type = file and a path, e.g. {type = file, path ="
            + " \"etc/acl.conf\"}");
      }
      f.word("type", "file");
      if (entry.containsKey("enable") && !f.bool("enable")) {
        continue;
      }
      String format = entry.containsKey("format") ? f.word("format", "auto", "emqx", "mosquitto") : "auto";
      String path = f.string("path").strip();
      if (path.isEmpty()) {
        throw f.problem("path", "expected the path of an ACL file, e.g. \"etc/acl.conf\"");
      }
      sources.add(new AuthorizationConfig.AclSource(k, Path.of(path), AclFormat.fromConfig(format)));
    }
    return sources;
  }
}
