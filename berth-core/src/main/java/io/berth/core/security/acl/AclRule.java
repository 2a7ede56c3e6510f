package io.berth.core.security.acl;

import io.berth.core.security.Authorizer.Action;
import java.util.List;

/**
 * One rule: allow or deny these clients this action on these topics. It matches a request when the action, the
 * client and one of the topics all match.
 *
 * @param origin where it was written ("etc/acl.conf:12"), for messages
 */
record AclRule(Permission permission, Who who, ActionCondition action, List<TopicPattern> topics, String origin) {

  AclRule {
    topics = List.copyOf(topics);
  }

  boolean matches(Subject s, Action requested, String topic, int qos, boolean retain) {
    if (!action.matches(requested, qos, retain) || !who.matches(s)) {
      return false;
    }
    for (TopicPattern t : topics) {
      if (t.matches(s, requested, permission, topic)) {
        return true;
      }
    }
    return false;
  }
}
