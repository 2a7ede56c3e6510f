package io.berth.core.security.acl;

/**
 * Topic matching for ACL rules, level by level on the strings themselves (no split, no allocation): a rule's filter
 * against a PUBLISH topic name, and a rule's filter against a SUBSCRIBE filter (coverage). Both sides are assumed
 * well-formed (MQTT 4.7.1).
 */
final class FilterMatch {
  private FilterMatch() {}

  /**
   * Whether {@code topic} matches {@code filter} (MQTT 4.7.1): "+" one level, "#" this level and all below, "a/#"
   * also matching "a"; a filter starting with a wildcard does not match a topic starting with '$' [MQTT-4.7.2-1].
   */
  static boolean matches(String filter, String topic) {
    if (dollar(topic) && startsWithWildcard(filter)) {
      return false;
    }
    int fi = 0;
    int ti = 0;
    while (true) {
      int fe = levelEnd(filter, fi);
      if (isLevel(filter, fi, fe, '#')) {
        return true;
      }
      int te = levelEnd(topic, ti);
      if (!isLevel(filter, fi, fe, '+') && !sameLevel(filter, fi, fe, topic, ti, te)) {
        return false;
      }
      boolean filterDone = fe == filter.length();
      boolean topicDone = te == topic.length();
      if (filterDone || topicDone) {
        return filterDone ? topicDone : onlyHashLeft(filter, fe);
      }
      fi = fe + 1;
      ti = te + 1;
    }
  }

  /**
   * Whether every topic that {@code clientFilter} matches is also matched by {@code ruleFilter}: a subscription is
   * allowed only when the rule covers all it could receive. "a/+/c" and "a/#" are covered by "a/#"; "a/#" is not
   * covered by "a/b/#" nor by "a/+" ("a/#" also matches "a" and "a/x/y").
   */
  static boolean covers(String ruleFilter, String clientFilter) {
    if (dollar(clientFilter) && startsWithWildcard(ruleFilter)) {
      return false; // [MQTT-4.7.2-1]: the rule cannot match the '$' topics the client filter names
    }
    int ri = 0;
    int ci = 0;
    while (true) {
      int re = levelEnd(ruleFilter, ri);
      if (isLevel(ruleFilter, ri, re, '#')) {
        return true;
      }
      int ce = levelEnd(clientFilter, ci);
      if (isLevel(clientFilter, ci, ce, '#')) {
        return false; // the client's '#' reaches levels (and a parent) that a '+' or a literal level does not
      }
      if (isLevel(ruleFilter, ri, re, '+')) {
        // any single client level, literal or '+', is within a rule's '+'
      } else if (isLevel(clientFilter, ci, ce, '+') || !sameLevel(ruleFilter, ri, re, clientFilter, ci, ce)) {
        return false;
      }
      boolean ruleDone = re == ruleFilter.length();
      boolean clientDone = ce == clientFilter.length();
      if (ruleDone || clientDone) {
        return ruleDone ? clientDone : onlyHashLeft(ruleFilter, re);
      }
      ri = re + 1;
      ci = ce + 1;
    }
  }

  private static boolean dollar(String s) {
    return !s.isEmpty() && s.charAt(0) == '$';
  }

  private static boolean startsWithWildcard(String filter) {
    return !filter.isEmpty() && (filter.charAt(0) == '+' || filter.charAt(0) == '#');
  }

  private static int levelEnd(String s, int from) {
    int slash = s.indexOf('/', from);
    return slash < 0 ? s.length() : slash;
  }

  private static boolean isLevel(String s, int from, int end, char wildcard) {
    return end - from == 1 && s.charAt(from) == wildcard;
  }

  private static boolean sameLevel(String a, int af, int ae, String b, int bf, int be) {
    return ae - af == be - bf && a.regionMatches(af, b, bf, ae - af);
  }

  /** After the level ending at {@code end}, the filter has exactly one more level, "#" ("a/#" matches "a"). */
  private static boolean onlyHashLeft(String filter, int end) {
    return end + 2 == filter.length() && filter.charAt(end + 1) == '#';
  }
}
