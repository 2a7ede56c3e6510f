package io.berth.core.security;

/**
 * MQTT 5 enhanced authentication (MQTT 4.12) for one Authentication Method, e.g. "SCRAM-SHA-256". Thread-safe; each
 * connection's exchange is a separate {@link AuthExchange}. Like {@link Authenticator}, may block.
 */
public interface EnhancedAuthenticator {

  /** The Authentication Method this provider speaks (compared exactly, as the spec's UTF-8 string). */
  String method();

  /** Begins an exchange for a client (CONNECT, or a re-authentication's first AUTH). */
  AuthExchange start(AuthRequest request);
}
