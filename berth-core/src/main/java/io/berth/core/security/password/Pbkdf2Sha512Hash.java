package io.berth.core.security.password;

import java.security.MessageDigest;

/**
 * PBKDF2-HMAC-SHA512 as a PHC string: {@code $pbkdf2-sha512$i=<iterations>$<salt>$<hash>}, salt and hash in Base64
 * without padding (padding accepted when read).
 */
public final class Pbkdf2Sha512Hash implements PasswordHash {
  /** OWASP's figure for PBKDF2-HMAC-SHA512. */
  public static final int DEFAULT_ITERATIONS = 210_000;
  static final int MAX_ITERATIONS = 100_000_000;
  private static final String FORMAT = "$pbkdf2-sha512$i=<iterations>$<salt>$<hash>";

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private Pbkdf2Sha512Hash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  static Pbkdf2Sha512Hash parse(String encoded) throws MalformedHashException {
    String[] f = Fields.split("pbkdf2-sha512", encoded, 4, FORMAT);
    int iterations = Fields.param("pbkdf2-sha512", "i", f[1], 1, MAX_ITERATIONS);
    byte[] salt = Fields.fromB64("pbkdf2-sha512", "salt", f[2]);
    byte[] hash = Fields.fromB64("pbkdf2-sha512", "hash", f[3]);
    return new Pbkdf2Sha512Hash(iterations, salt, hash);
  }

  public static Pbkdf2Sha512Hash create(byte[] password, int iterations) {
    byte[] salt = Fields.salt(16);
    return new Pbkdf2Sha512Hash(iterations, salt, Pbkdf2.derive("HmacSHA512", password, salt, iterations, 64));
  }

  @Override
  public String scheme() {
    return "pbkdf2-sha512";
  }

  @Override
  public boolean verify(byte[] password) {
    return MessageDigest.isEqual(Pbkdf2.derive("HmacSHA512", password, salt, iterations, hash.length), hash);
  }

  @Override
  public String encoded() {
    return "$pbkdf2-sha512$i=" + iterations + "$" + Fields.b64(salt) + "$" + Fields.b64(hash);
  }

  @Override
  public String toString() {
    return "pbkdf2-sha512(i=" + iterations + ")";
  }
}
