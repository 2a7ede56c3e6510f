package io.berth.core.security.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** The hash functions of SCRAM-SHA-256 (RFC 7677) and SCRAM-SHA-512, and SCRAM's key derivations (RFC 5802). */
public enum ScramAlgorithm {
  SHA_256("SCRAM-SHA-256", "scram-sha-256", "SHA-256", "HmacSHA256"),
  SHA_512("SCRAM-SHA-512", "scram-sha-512", "SHA-512", "HmacSHA512");

  private final String mechanism;
  private final String scheme;
  private final String digest;
  private final String hmac;

  ScramAlgorithm(String mechanism, String scheme, String digest, String hmac) {
    this.mechanism = mechanism;
    this.scheme = scheme;
    this.digest = digest;
    this.hmac = hmac;
  }

  /** The SASL mechanism and MQTT Authentication Method: "SCRAM-SHA-256", "SCRAM-SHA-512". */
  public String mechanism() {
    return mechanism;
  }

  /** The password-file scheme: "scram-sha-256", "scram-sha-512". */
  public String scheme() {
    return scheme;
  }

  public static Optional<ScramAlgorithm> byMechanism(String mechanism) {
    return Arrays.stream(values()).filter(a -> a.mechanism.equals(mechanism)).findFirst();
  }

  /** Output length of H and HMAC in bytes. */
  public int length() {
    return this == SHA_256 ? 32 : 64;
  }

  public byte[] hmac(byte[] key, byte[] data) {
    return Pbkdf2.mac(hmac, key).doFinal(data);
  }

  public byte[] hash(byte[] data) {
    try {
      return MessageDigest.getInstance(digest).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SaltedPassword := Hi(Normalize(password), salt, i). */
  public byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
    return Pbkdf2.derive(hmac, SaslPrep.normalizePassword(password), salt, iterations, length());
  }
}
