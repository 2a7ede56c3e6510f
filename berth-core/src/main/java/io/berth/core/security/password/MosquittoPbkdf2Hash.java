package io.berth.core.security.password;

import java.security.MessageDigest;

/**
 * Mosquitto's {@code $7$<iterations>$<salt>$<hash>} (mosquitto_passwd's default since 2.0): PBKDF2-HMAC-SHA512 with
 * a 64-byte result, salt and hash in padded Base64. Created with a 12-byte salt, which every Mosquitto 2 reads.
 */
public final class MosquittoPbkdf2Hash implements PasswordHash {
  /** Mosquitto 2.1's count (2.0 wrote 101): a file shared with Mosquitto stays fast for it to check. */
  public static final int DEFAULT_ITERATIONS = 1000;
  private static final String FORMAT = "$7$<iterations>$<salt>$<hash>";

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private MosquittoPbkdf2Hash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  static MosquittoPbkdf2Hash parse(String encoded) throws MalformedHashException {
    String[] f = Fields.split("mosquitto-pbkdf2", encoded, 4, FORMAT);
    int iterations = Fields.integer("mosquitto-pbkdf2", "iteration count", f[1], 1,
        Pbkdf2Sha512Hash.MAX_ITERATIONS);
    byte[] salt = Fields.fromB64("mosquitto-pbkdf2", "salt", f[2]);
    byte[] hash = Fields.fromB64("mosquitto-pbkdf2", "hash", f[3]);
    if (hash.length != 64) {
      throw new MalformedHashException("mosquitto-pbkdf2 hash: the hash must have 64 bytes, has " + hash.length);
    }
    return new MosquittoPbkdf2Hash(iterations, salt, hash);
  }

  public static MosquittoPbkdf2Hash create(byte[] password, int iterations) {
    byte[] salt = Fields.salt(12);
    return new MosquittoPbkdf2Hash(iterations, salt, Pbkdf2.derive("HmacSHA512", password, salt, iterations, 64));
  }

  @Override
  public String scheme() {
    return "mosquitto-pbkdf2";
  }

  @Override
  public boolean verify(byte[] password) {
    return MessageDigest.isEqual(Pbkdf2.derive("HmacSHA512", password, salt, iterations, 64), hash);
  }

  @Override
  public String encoded() {
    return "$7$" + iterations + "$" + Fields.b64Padded(salt) + "$" + Fields.b64Padded(hash);
  }

  @Override
  public String toString() {
    return "mosquitto-pbkdf2(" + iterations + ")";
  }
}
