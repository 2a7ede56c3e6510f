package io.berth.server.security;

import io.berth.server.config.AuthenticationConfig;

/**
 * Turns a provider's configuration into the provider: an {@link io.berth.core.security.Authenticator} or, for SCRAM,
 * an {@link io.berth.core.security.EnhancedAuthenticator}. Providers reading the same user file share it.
 */
public final class AuthProviders {

  /** @throws IllegalArgumentException the provider cannot be built; the message names the key and the reason */
  public Object build(AuthenticationConfig.Provider p) {
    throw new IllegalArgumentException(p.key() + ": mechanism not available in this build");
  }
}
