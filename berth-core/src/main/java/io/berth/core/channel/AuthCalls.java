package io.berth.core.channel;

import io.berth.codec.ReasonCode;
import io.berth.core.security.AuthExchange;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.AuthStep;
import io.berth.core.security.Authentication;

/**
 * Calls into authentication providers that turn a provider's failure (a bug, an unreadable key file) into a refusal
 * of that one client with 0x80 Unspecified error, never a broken connection state or an event loop exception.
 */
final class AuthCalls {
  private AuthCalls() {}

  static AuthResult authenticate(Authentication authn, AuthRequest request) {
    try {
      return authn.authenticate(request);
    } catch (RuntimeException e) {
      return new AuthResult.Deny(ReasonCode.UNSPECIFIED_ERROR, "authentication provider failed: " + e);
    }
  }

  static AuthStep step(AuthExchange exchange, byte[] clientData) {
    try {
      return exchange.step(clientData);
    } catch (RuntimeException e) {
      return new AuthStep.Failure(ReasonCode.UNSPECIFIED_ERROR, "authentication provider failed: " + e);
    }
  }
}
