package io.berth.core.security;

import io.berth.core.security.acl.AuthorizationChain;
import io.berth.core.security.acl.AuthorizationSettings;
import java.time.Duration;
import java.util.List;

/**
 * The security one listener applies to its clients: who may connect ({@link Authentication}) and what they may do
 * ({@link AuthorizationChain}). Immutable; shared by every connection of the listener.
 */
public record ListenerSecurity(Authentication authentication, AuthorizationChain authorization) {

  /** Authorization with no rules at all: everything allowed, $SYS included, nothing cached. */
  public static final AuthorizationChain NO_AUTHORIZATION = new AuthorizationChain(List.of(),
      new AuthorizationSettings(AuthorizationSettings.NoMatch.ALLOW, AuthorizationSettings.DenyAction.IGNORE, false,
          new AuthorizationSettings.CacheSettings(false, 1, Duration.ofMinutes(1))));

  /** Lets every client in and allows everything: for tests and embedded use. */
  public static ListenerSecurity open() {
    return new ListenerSecurity(Authentication.disabled(), NO_AUTHORIZATION);
  }

  /** deny_action = disconnect: a denied PUBLISH closes the connection instead of being refused. */
  public boolean disconnectOnDeny() {
    return authorization.denyAction() == AuthorizationSettings.DenyAction.DISCONNECT;
  }
}
