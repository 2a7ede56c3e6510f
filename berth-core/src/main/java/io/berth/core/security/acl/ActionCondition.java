package io.berth.core.security.acl;

import io.berth.core.security.Authorizer.Action;

/**
 * Which requests a rule is about: publish, subscribe or both, optionally only some QoS levels and, for PUBLISH, only
 * retained or only non-retained messages (EMQX's {@code {publish, [{qos, [0,1]}, {retain, false}]}}).
 *
 * @param qosMask bit n set when QoS n matches
 */
record ActionCondition(boolean publish, boolean subscribe, int qosMask, Retain retain) {
  static final int ANY_QOS = 0b111;

  /** A PUBLISH's RETAIN flag condition; SUBSCRIBE ignores it, as EMQX does. */
  enum Retain {
    ANY,
    RETAINED,
    NOT_RETAINED
  }

  static final ActionCondition PUBLISH = new ActionCondition(true, false, ANY_QOS, Retain.ANY);
  static final ActionCondition SUBSCRIBE = new ActionCondition(false, true, ANY_QOS, Retain.ANY);
  static final ActionCondition ALL = new ActionCondition(true, true, ANY_QOS, Retain.ANY);

  boolean matches(Action action, int qos, boolean retained) {
    if (action == Action.PUBLISH ? !publish : !subscribe) {
      return false;
    }
    if (qos < 0 || qos > 2 || (qosMask >> qos & 1) == 0) {
      return false;
    }
    return action == Action.SUBSCRIBE
        || retain == Retain.ANY
        || (retain == Retain.RETAINED) == retained;
  }
}
