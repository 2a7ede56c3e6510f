package io.berth.core.topic;

/** Validation and matching of topic names and filters (MQTT 4.7). */
public final class Topics {
  public static final String SHARE_PREFIX = "$share/";

  private Topics() {}

  /**
   * True when {@code name} may be published to: non-empty [MQTT-4.7.3-1], no wildcards [MQTT-3.3.2-2], at most
   * {@code maxLevels} levels.
   */
  public static boolean isValidTopicName(String name, int maxLevels) {
    if (name.isEmpty()) {
      return false;
    }
    int levels = 1;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '+' || c == '#') {
        return false;
      } else if (c == '/') {
        levels++;
      }
    }
    return levels <= maxLevels;
  }

  /**
   * True when {@code filter} is a well-formed topic filter: non-empty, '#' only as the whole last level
   * [MQTT-4.7.1-1], '+' only as a whole level [MQTT-4.7.1-2], at most {@code maxLevels} levels.
   */
  public static boolean isValidFilter(String filter, int maxLevels) {
    int len = filter.length();
    if (len == 0) {
      return false;
    }
    int levels = 1;
    for (int i = 0; i < len; i++) {
      char c = filter.charAt(i);
      if (c == '/') {
        levels++;
      } else if (c == '#') {
        if (i != len - 1 || (i > 0 && filter.charAt(i - 1) != '/')) {
          return false;
        }
      } else if (c == '+') {
        boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
        boolean endsLevel = i == len - 1 || filter.charAt(i + 1) == '/';
        if (!startsLevel || !endsLevel) {
          return false;
        }
      }
    }
    return levels <= maxLevels;
  }

  public static boolean hasWildcard(String filter) {
    return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
  }

  /**
   * Whether {@code topic} matches {@code filter}. A filter starting with a wildcard does not match a topic starting
   * with '$' [MQTT-4.7.2-1]; "sport/#" matches "sport" [MQTT-4.7.1-2].
   */
  public static boolean matches(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true; // also matches the parent level: "a/#" matches "a"
      }
      if (i >= t.length) {
        return false;
      }
      if (!f[i].equals("+") && !f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
