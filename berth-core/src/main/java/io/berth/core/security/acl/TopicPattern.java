package io.berth.core.security.acl;

import io.berth.core.security.Authorizer.Action;

/**
 * One topic of a rule. For PUBLISH the topic name must match it; for SUBSCRIBE see {@link FilterMatch#applies}: an
 * allow rule must cover the requested filter, a deny rule need only overlap it.
 */
sealed interface TopicPattern {

  boolean matches(Subject s, Action action, Permission permission, String topic);

  /**
   * Every topic and filter, '$' ones included: the topics of EMQX's catch-all {@code {allow | deny, all}}. (A rule's
   * "#" does not reach "$SYS/..." [MQTT-4.7.2-1]; a catch-all must.)
   */
  record Any() implements TopicPattern {
    @Override
    public boolean matches(Subject s, Action action, Permission permission, String topic) {
      return true;
    }
  }

  /** A topic filter with '+' and '#' (or a plain topic name). */
  record Filter(String filter) implements TopicPattern {
    @Override
    public boolean matches(Subject s, Action action, Permission permission, String topic) {
      return FilterMatch.applies(filter, action, permission, topic);
    }
  }

  /**
   * EMQX's {@code {eq, "t/#"}}: the topic or filter must be exactly this text, wildcards included ("#" denies a
   * subscription to "#" and nothing else).
   */
  record Exact(String topic) implements TopicPattern {
    @Override
    public boolean matches(Subject s, Action action, Permission permission, String requested) {
      return topic.equals(requested);
    }
  }

  /** A filter with placeholders, filled per client; a client lacking a value never matches. */
  record Template(TopicTemplate template) implements TopicPattern {
    @Override
    public boolean matches(Subject s, Action action, Permission permission, String topic) {
      String filter = template.render(s.identity());
      return filter != null && FilterMatch.applies(filter, action, permission, topic);
    }

    @Override
    public String toString() {
      return "Template[" + template.text() + "]";
    }
  }
}
