package io.berth.server.security;

import io.berth.core.security.Authentication;
import io.berth.core.security.Authenticator;
import io.berth.core.security.EnhancedAuthenticator;
import io.berth.core.security.ListenerSecurity;
import io.berth.core.security.acl.AuthorizationChain;
import io.berth.server.config.AuthenticationConfig;
import io.berth.server.config.ListenerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the {@link ListenerSecurity} of each listener from its configuration. Listeners with the same
 * authentication configuration share one chain (and so one loaded password file); a changed configuration builds a
 * new one. Thread-safe.
 */
public final class ListenerSecurities {
  private final Map<AuthenticationConfig, Authentication> chains = new ConcurrentHashMap<>();
  private final AuthProviders providers;
  private final AuthorizationChain authorization;

  /** @param authorization the broker's authorization, shared by every listener */
  public ListenerSecurities(AuthProviders providers, AuthorizationChain authorization) {
    this.providers = providers;
    this.authorization = authorization;
  }

  /** Providers with an in-memory secret and no ACL: for brokers embedded in tests. */
  public static ListenerSecurities withoutAcl() {
    return new ListenerSecurities(new AuthProviders(new ServerSecret(null)), ListenerSecurity.NO_AUTHORIZATION);
  }

  /**
   * The security for a listener's clients.
   *
   * @throws IllegalArgumentException a provider cannot be built (a missing or unreadable user file, a bad key): the
   *     message says which and why, in one line
   */
  public ListenerSecurity forListener(ListenerConfig config) {
    return new ListenerSecurity(chains.computeIfAbsent(config.authentication(), this::build), authorization);
  }

  private Authentication build(AuthenticationConfig c) {
    List<Authenticator> chain = new ArrayList<>();
    List<EnhancedAuthenticator> enhanced = new ArrayList<>();
    for (AuthenticationConfig.Provider p : c.chain()) {
      Object built = providers.build(p);
      if (built instanceof EnhancedAuthenticator e) {
        enhanced.add(e);
      } else {
        chain.add((Authenticator) built);
      }
    }
    return new Authentication(chain, enhanced, c.anonymous(), c.mode());
  }
}
