package io.berth.core.topic;

/**
 * A subscription filter split into its share group (null for a normal subscription) and the topic filter proper
 * ("$share/g/a/+" → group "g", filter "a/+"), MQTT 4.8.2.
 */
public record SharedFilter(String group, String filter) {

  /** Parses a filter; returns null when a $share/ filter is malformed [MQTT-4.8.2-1] [MQTT-4.8.2-2]. */
  public static SharedFilter parse(String raw) {
    if (!raw.startsWith(Topics.SHARE_PREFIX)) {
      return new SharedFilter(null, raw);
    }
    int slash = raw.indexOf('/', Topics.SHARE_PREFIX.length());
    if (slash < 0) {
      return null;
    }
    String group = raw.substring(Topics.SHARE_PREFIX.length(), slash);
    String filter = raw.substring(slash + 1);
    if (group.isEmpty() || group.indexOf('+') >= 0 || group.indexOf('#') >= 0 || filter.isEmpty()) {
      return null;
    }
    return new SharedFilter(group, filter);
  }

  public boolean isShared() {
    return group != null;
  }
}
