package io.berth.core.security;

/**
 * The security one listener applies to its clients: who may connect ({@link Authentication}) and what they may do
 * ({@link Authorizer}). Immutable; shared by every connection of the listener.
 *
 * @param disconnectOnDeny deny_action = disconnect: a denied PUBLISH closes the connection instead of being refused
 */
public record ListenerSecurity(Authentication authentication, Authorizer authorizer, boolean disconnectOnDeny) {

  /** Lets every client in and allows everything: for tests and embedded use. */
  public static ListenerSecurity open() {
    return new ListenerSecurity(Authentication.disabled(), ALLOW_ALL, false);
  }

  /** An authorizer with no rules: everything is allowed. */
  public static final Authorizer ALLOW_ALL = (client, action, topic, qos, retain) -> Authorizer.Decision.ALLOW;
}
