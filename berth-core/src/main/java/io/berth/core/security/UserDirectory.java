package io.berth.core.security;

import java.util.Optional;

/** Users known to the broker (the built-in database): looked up by user name. Thread-safe. */
public interface UserDirectory {

  /**
   * A user and its credential.
   *
   * @param passwordHash the stored hash in its textual form ("$2b$12$...", "$7$101$...", "$argon2id$...")
   */
  record User(String username, String passwordHash, boolean superuser) {}

  Optional<User> find(String username);
}
