package io.berth.core.security.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * EMQX's salted digests, as its built-in database stores them and exports them ({@code password_hash} in hex,
 * {@code salt} used as its bytes): {@code $emqx-<md5|sha|sha256|sha512>$<prefix|suffix|disable>$<salt>$<hex hash>},
 * the salt in Base64 without padding (empty for {@code disable}). Prefix hashes {@code salt + password}, suffix
 * {@code password + salt}. Read only: imported users keep their EMQX passwords.
 */
public final class EmqxSaltedHash implements PasswordHash {
  private static final Map<String, String> DIGESTS =
      Map.of("md5", "MD5", "sha", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");
  private static final String FORMAT = "$emqx-sha256$<prefix|suffix|disable>$<salt>$<hex hash>";

  private final String algorithm;
  private final String position;
  private final byte[] salt;
  private final byte[] hash;

  private EmqxSaltedHash(String algorithm, String position, byte[] salt, byte[] hash) {
    this.algorithm = algorithm;
    this.position = position;
    this.salt = salt;
    this.hash = hash;
  }

  /**
   * @param algorithm EMQX's name: md5, sha, sha256, sha512
   * @param position prefix, suffix or disable
   * @param salt the salt's bytes (EMQX uses its text as it is)
   * @param hash the digest (EMQX exports it in hex)
   * @throws IllegalArgumentException for another algorithm or position, or a hash of the wrong length
   */
  public static EmqxSaltedHash of(String algorithm, String position, byte[] salt, byte[] hash) {
    try {
      return check(algorithm, position, salt.clone(), hash.clone());
    } catch (MalformedHashException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static EmqxSaltedHash check(String algorithm, String position, byte[] salt, byte[] hash)
      throws MalformedHashException {
    String scheme = "emqx-" + algorithm;
    String digest = DIGESTS.get(algorithm);
    if (digest == null) {
      throw new MalformedHashException("emqx hash: unknown algorithm " + algorithm + " (md5, sha, sha256, sha512)");
    }
    if (!position.equals("prefix") && !position.equals("suffix") && !position.equals("disable")) {
      throw new MalformedHashException(scheme + " hash: the salt position must be prefix, suffix or disable");
    }
    int length = digest(digest).getDigestLength();
    if (hash.length != length) {
      throw new MalformedHashException(
          scheme + " hash: the hash must have " + length + " bytes (" + 2 * length + " hex digits), has " + hash.length);
    }
    return new EmqxSaltedHash(algorithm, position, position.equals("disable") ? new byte[0] : salt, hash);
  }

  static EmqxSaltedHash parse(String encoded) throws MalformedHashException {
    String[] f = encoded.substring(1).split("\\$", -1);
    String scheme = f[0];
    if (f.length != 4) {
      throw new MalformedHashException(scheme + " hash: expected " + FORMAT.replace("emqx-sha256", scheme));
    }
    byte[] salt = f[2].isEmpty() ? new byte[0] : Fields.fromB64(scheme, "salt", f[2]);
    byte[] hash = Fields.fromHex(scheme, "hash", f[3]);
    return check(scheme.substring("emqx-".length()), f[1], salt, hash);
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String scheme() {
    return "emqx-" + algorithm;
  }

  @Override
  public boolean verify(byte[] password) {
    MessageDigest md = digest(DIGESTS.get(algorithm));
    if (position.equals("prefix")) {
      md.update(salt);
    }
    md.update(password);
    if (position.equals("suffix")) {
      md.update(salt);
    }
    return MessageDigest.isEqual(md.digest(), hash);
  }

  @Override
  public String encoded() {
    return "$emqx-" + algorithm + "$" + position + "$" + Fields.b64(salt) + "$" + Fields.hex(hash);
  }

  @Override
  public String toString() {
    return "emqx-" + algorithm + "(" + position + ")";
  }
}
