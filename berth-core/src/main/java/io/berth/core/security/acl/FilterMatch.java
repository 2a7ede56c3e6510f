package io.berth.core.security.acl;

import io.berth.core.security.Authorizer.Action;

/**
 * Topic matching for ACL rules, level by level on the strings themselves (no split, no allocation): a rule's filter
 * against a PUBLISH topic name, and against a SUBSCRIBE filter (coverage for allow rules, overlap for deny rules).
 * Both sides are assumed well-formed (MQTT 4.7.1).
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

  /**
   * Whether some topic is matched by both filters: a subscription that overlaps a deny rule could receive a denied
   * topic. "a/+" and "a/b/#" overlap (a/b), "a/+" and "a/b/c" do not; "#" and "$SYS/#" do not [MQTT-4.7.2-1].
   */
  static boolean overlaps(String a, String b) {
    if ((dollar(a) && startsWithWildcard(b)) || (dollar(b) && startsWithWildcard(a))) {
      return false;
    }
    int ai = 0;
    int bi = 0;
    while (true) {
      int ae = levelEnd(a, ai);
      int be = levelEnd(b, bi);
      if (isLevel(a, ai, ae, '#') || isLevel(b, bi, be, '#')) {
        return true; // the other filter's rest matches some topic, and '#' takes it
      }
      if (!isLevel(a, ai, ae, '+') && !isLevel(b, bi, be, '+') && !sameLevel(a, ai, ae, b, bi, be)) {
        return false;
      }
      boolean aDone = ae == a.length();
      boolean bDone = be == b.length();
      if (aDone || bDone) {
        boolean common = aDone ? bDone || onlyHashLeft(b, be) : onlyHashLeft(a, ae);
        // a one-level common topic must not be the empty string [MQTT-4.7.3-1]
        return common && (ai > 0 || (ae > 0 && be > 0));
      }
      ai = ae + 1;
      bi = be + 1;
    }
  }

  /**
   * Whether a rule with this filter speaks about a request: a PUBLISH's topic must match it; a SUBSCRIBE's filter must
   * be covered by an allow rule, and only overlap a deny rule (no topic it could deliver may be a denied one).
   */
  static boolean applies(String ruleFilter, Action action, Permission permission, String requested) {
    if (action == Action.PUBLISH) {
      return matches(ruleFilter, requested);
    }
    return permission == Permission.ALLOW ? covers(ruleFilter, requested) : overlaps(ruleFilter, requested);
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
