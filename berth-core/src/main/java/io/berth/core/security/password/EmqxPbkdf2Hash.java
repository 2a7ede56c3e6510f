package io.berth.core.security.password;

import java.security.MessageDigest;
import java.util.Map;

/**
 * EMQX's PBKDF2 ({@code password_hash_algorithm.name = pbkdf2}):
 * {@code $emqx-pbkdf2-<sha|sha224|sha256|sha384|sha512>$i=<iterations>$<salt>$<hex hash>}, the salt (its bytes, as
 * EMQX uses the exported text) in Base64 without padding, the derived key in hex as EMQX exports it; its length is
 * EMQX's {@code dk_length}. Read only.
 */
public final class EmqxPbkdf2Hash implements PasswordHash {
  private static final Map<String, String> MACS = Map.of("sha", "HmacSHA1", "sha224", "HmacSHA224", "sha256",
      "HmacSHA256", "sha384", "HmacSHA384", "sha512", "HmacSHA512");
  private static final String FORMAT = "$emqx-pbkdf2-sha256$i=<iterations>$<salt>$<hex hash>";

  private final String macFun;
  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private EmqxPbkdf2Hash(String macFun, int iterations, byte[] salt, byte[] hash) {
    this.macFun = macFun;
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /**
   * @param macFun EMQX's {@code mac_fun}: sha, sha224, sha256, sha384, sha512
   * @throws IllegalArgumentException for another mac_fun, iterations out of range, an empty hash
   */
  public static EmqxPbkdf2Hash of(String macFun, int iterations, byte[] salt, byte[] hash) {
    if (!MACS.containsKey(macFun)) {
      throw new IllegalArgumentException("unknown PBKDF2 mac_fun " + macFun + " (sha, sha224, sha256, sha384, sha512)");
    }
    if (iterations < 1 || iterations > Pbkdf2Sha512Hash.MAX_ITERATIONS) {
      throw new IllegalArgumentException("PBKDF2 iterations must be between 1 and " + Pbkdf2Sha512Hash.MAX_ITERATIONS);
    }
    if (hash.length == 0) {
      throw new IllegalArgumentException("empty PBKDF2 hash");
    }
    return new EmqxPbkdf2Hash(macFun, iterations, salt.clone(), hash.clone());
  }

  static EmqxPbkdf2Hash parse(String encoded) throws MalformedHashException {
    String[] f = encoded.substring(1).split("\\$", -1);
    String scheme = f[0];
    String macFun = scheme.substring("emqx-pbkdf2-".length());
    if (!MACS.containsKey(macFun)) {
      throw new MalformedHashException("emqx-pbkdf2 hash: unknown mac_fun " + macFun
          + " (sha, sha224, sha256, sha384, sha512)");
    }
    if (f.length != 4) {
      throw new MalformedHashException(scheme + " hash: expected " + FORMAT.replace("emqx-pbkdf2-sha256", scheme));
    }
    int iterations = Fields.param(scheme, "i", f[1], 1, Pbkdf2Sha512Hash.MAX_ITERATIONS);
    byte[] salt = f[2].isEmpty() ? new byte[0] : Fields.fromB64(scheme, "salt", f[2]);
    byte[] hash = Fields.fromHex(scheme, "hash", f[3]);
    return new EmqxPbkdf2Hash(macFun, iterations, salt, hash);
  }

  @Override
  public String scheme() {
    return "emqx-pbkdf2-" + macFun;
  }

  @Override
  public boolean verify(byte[] password) {
    return MessageDigest.isEqual(Pbkdf2.derive(MACS.get(macFun), password, salt, iterations, hash.length), hash);
  }

  @Override
  public String encoded() {
    return "$emqx-pbkdf2-" + macFun + "$i=" + iterations + "$" + Fields.b64(salt) + "$" + Fields.hex(hash);
  }

  @Override
  public String toString() {
    return "emqx-pbkdf2-" + macFun + "(i=" + iterations + ")";
  }
}
