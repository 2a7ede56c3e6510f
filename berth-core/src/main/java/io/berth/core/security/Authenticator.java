package io.berth.core.security;

/**
 * One provider of an authentication chain (password file, client certificate, JWT, ...). Thread-safe. It may block
 * (hashing a password takes milliseconds): the broker calls it on a worker thread, never on an event loop.
 */
public interface Authenticator {

  /** Short name for logs and the audit report: "password_based:built_in_database". */
  String name();

  AuthResult authenticate(AuthRequest request);
}
