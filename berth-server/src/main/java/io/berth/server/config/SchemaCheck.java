package io.berth.server.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds keys the broker does not know, by walking the merged configuration against reference.conf, which defines
 * every key. Listener names under {@code listeners.<type>} are free-form: each is checked against
 * {@code listeners.<type>.default}, and a listener's {@code mqtt} block (and its own authentication keys) against the
 * global ones.
 */
final class SchemaCheck {
  /** Global keys a listener may set for itself. */
  static final java.util.Set<String> LISTENER_OVERRIDES =
      java.util.Set.of("mqtt", "authentication", "allow_anonymous", "enable_authn");
  private final ConfigObject reference;
  private final Problems problems;

  SchemaCheck(ConfigObject reference, Problems problems) {
    this.reference = reference;
    this.problems = problems;
  }

  void check(ConfigObject merged) throws ConfigException {
    walk(merged, reference, List.of());
  }

  private void walk(ConfigObject object, ConfigObject schema, List<String> path) throws ConfigException {
    for (Map.Entry<String, ConfigValue> e : inFileOrder(object)) {
      List<String> childPath = new ArrayList<>(path);
      childPath.add(e.getKey());
      String key = ConfigUtil.joinPath(childPath);
      ConfigValue value = e.getValue();
      ConfigValue expected = schemaFor(schema, path, e.getKey());
      if (expected == null) {
        throw unknown(value, key, e.getKey(), schema, path);
      }
      if (expected.valueType() == ConfigValueType.OBJECT) {
        if (value.valueType() != ConfigValueType.OBJECT) {
          throw problems.at(value, key, "expected an object { ... }" + objectHint(childPath));
        }
        walk((ConfigObject) value, (ConfigObject) expected, childPath);
      }
    }
  }

  /** The schema of {@code key} under {@code path}: any listener name maps to the default listener's schema. */
  private ConfigValue schemaFor(ConfigObject schema, List<String> path, String key) {
    if (path.size() == 2 && path.get(0).equals("listeners")) { // any name: checked against the type's default
      return ((ConfigObject) reference.get("listeners")).toConfig().getObject(ConfigUtil.joinPath(path.get(1),
          "default"));
    }
    if (path.size() == 3 && path.get(0).equals("listeners") && LISTENER_OVERRIDES.contains(key)) {
      return reference.get(key); // a listener's own value replaces the global one
    }
    return schema.get(key);
  }

  private ConfigException unknown(
      ConfigValue value, String key, String name, ConfigObject schema, List<String> path) {
    List<String> known = schema.keySet().stream().sorted().toList();
    String hint = Suggest.didYouMean(name, known);
    String reason = "unknown key" + (hint.isEmpty()
        ? " (known " + (path.isEmpty() ? "top-level keys" : "keys under " + ConfigUtil.joinPath(path)) + ": "
            + String.join(", ", known) + ")"
        : hint);
    return value.valueType() == ConfigValueType.OBJECT
        ? problems.atKey(value.origin(), key, reason)
        : problems.at(value, key, reason);
  }

  private static String objectHint(List<String> path) {
    return path.size() == 3 && path.get(0).equals("listeners")
        ? " such as { bind = \"0.0.0.0:1883\" }; an EMQX 4 line is written listener.tcp.<name> = <port>"
        : "";
  }

  /** Entries by line number, so that the first error reported is the first in the file; the environment last. */
  private static List<Map.Entry<String, ConfigValue>> inFileOrder(ConfigObject object) {
    List<Map.Entry<String, ConfigValue>> entries = new ArrayList<>(object.entrySet());
    entries.sort(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> {
      int line = e.getValue().origin().lineNumber();
      return line < 0 ? Integer.MAX_VALUE : line;
    }).thenComparing(Map.Entry::getKey));
    return entries;
  }
}
