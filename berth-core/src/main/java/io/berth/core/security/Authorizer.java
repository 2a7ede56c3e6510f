package io.berth.core.security;

/**
 * Decides whether a client may publish to a topic or subscribe to a filter. Called on event loops for every
 * SUBSCRIBE and every PUBLISH not already decided for the client: must not block and should be fast. Thread-safe.
 */
public interface Authorizer {

  /** What the client wants to do. */
  enum Action {
    PUBLISH,
    SUBSCRIBE
  }

  /** ALLOW or DENY by a rule, or NO_MATCH when no rule speaks about it (the next source, then no_match, decides). */
  enum Decision {
    ALLOW,
    DENY,
    NO_MATCH
  }

  /**
   * @param topic the topic name of a PUBLISH, or the filter of a SUBSCRIBE (for a shared subscription, the filter
   *     without its "$share/group/" prefix)
   * @param qos the PUBLISH's QoS or the subscription's requested maximum QoS
   * @param retain the PUBLISH's RETAIN flag (false for SUBSCRIBE)
   */
  Decision check(ClientIdentity client, Action action, String topic, int qos, boolean retain);

  /**
   * A number that changes whenever the rules change (a reloaded file): decisions cached under another version are
   * stale.
   */
  default long version() {
    return 0;
  }
}
