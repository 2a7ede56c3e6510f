package io.berth.core.security.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Mosquitto's {@code $6$<salt>$<hash>} (mosquitto_passwd -H sha512, the default before Mosquitto 2.0): the hash is
 * SHA-512 of the password followed by the salt's bytes, both fields in padded Base64. One unstretched hash: read only,
 * to take over old Mosquitto files.
 */
public final class MosquittoSha512Hash implements PasswordHash {
  private static final String FORMAT = "$6$<salt>$<hash>";

  private final byte[] salt;
  private final byte[] hash;

  private MosquittoSha512Hash(byte[] salt, byte[] hash) {
    this.salt = salt;
    this.hash = hash;
  }

  static MosquittoSha512Hash parse(String encoded) throws MalformedHashException {
    String[] f = Fields.split("mosquitto-sha512", encoded, 3, FORMAT);
    byte[] salt = Fields.fromB64("mosquitto-sha512", "salt", f[1]);
    byte[] hash = Fields.fromB64("mosquitto-sha512", "hash", f[2]);
    if (hash.length != 64) {
      throw new MalformedHashException("mosquitto-sha512 hash: the hash must have 64 bytes, has " + hash.length);
    }
    return new MosquittoSha512Hash(salt, hash);
  }

  @Override
  public String scheme() {
    return "mosquitto-sha512";
  }

  @Override
  public boolean verify(byte[] password) {
    try {
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      sha512.update(password);
      sha512.update(salt);
      return MessageDigest.isEqual(sha512.digest(), hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String encoded() {
    return "$6$" + Fields.b64Padded(salt) + "$" + Fields.b64Padded(hash);
  }

  @Override
  public String toString() {
    return "mosquitto-sha512";
  }
}
