package io.berth.core.security.password;

/**
 * One stored credential in its textual form, parsed ({@link PasswordHashes#parse}). Immutable and thread-safe.
 * Verification recomputes the hash from the password and compares in constant time.
 */
public interface PasswordHash {

  /** The scheme's name, as the docs and {@code berth passwd --hash} spell it: "bcrypt", "mosquitto-sha512", ... */
  String scheme();

  /** Whether the password matches (the password's bytes as the client sent them, UTF-8 for typed ones). */
  boolean verify(byte[] password);

  /** The textual form, as stored in the password file. */
  String encoded();
}
