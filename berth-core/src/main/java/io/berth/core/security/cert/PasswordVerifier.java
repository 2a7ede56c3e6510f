package io.berth.core.security.cert;

/**
 * Checks a password against a stored hash (bcrypt, PBKDF2, argon2id, Mosquitto's $6$/$7$): the password-hash code
 * of the built-in database provides it. Thread-safe; may block for the milliseconds hashing takes.
 */
@FunctionalInterface
public interface PasswordVerifier {

  /**
   * @param storedHash the user's stored hash; null when there is no such user, and then the check must still take
   *     the time of a real one and return false, so that timing does not tell which user names exist
   * @param password the password the client sent
   */
  boolean verify(String storedHash, byte[] password);
}
