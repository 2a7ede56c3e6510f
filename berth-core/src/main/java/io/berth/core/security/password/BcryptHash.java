package io.berth.core.security.password;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.IllegalBCryptFormatException;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * bcrypt, {@code $2a$}, {@code $2b$} and {@code $2y$} (OpenBSD's, PHP's and htpasswd's, EMQX's): the default scheme
 * for new users, written as {@code $2b$}. As in OpenBSD, only the first 72 bytes of a password count; creating a hash
 * of a longer password is refused rather than silently truncated.
 */
public final class BcryptHash implements PasswordHash {
  public static final int DEFAULT_COST = 10;
  /** The password bytes bcrypt uses. */
  public static final int MAX_PASSWORD_BYTES = 72;

  private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

  private final String encoded;
  private final BCrypt.HashData data;

  private BcryptHash(String encoded, BCrypt.HashData data) {
    this.encoded = encoded;
    this.data = data;
  }

  static BcryptHash parse(String encoded) throws MalformedHashException {
    if (!FORMAT.matcher(encoded).matches()) {
      throw new MalformedHashException("bcrypt hash: expected $2b$<cost>$<53 characters of salt and hash>");
    }
    BCrypt.Version version = switch (encoded.charAt(2)) {
      case 'a' -> BCrypt.Version.VERSION_2A;
      case 'y' -> BCrypt.Version.VERSION_2Y;
      default -> BCrypt.Version.VERSION_2B;
    };
    int cost = Integer.parseInt(encoded.substring(4, 6));
    if (cost < BCrypt.MIN_COST || cost > BCrypt.MAX_COST) {
      throw new MalformedHashException(
          "bcrypt hash: the cost must be between " + BCrypt.MIN_COST + " and " + BCrypt.MAX_COST + ", was " + cost);
    }
    try {
      return new BcryptHash(encoded, version.parser.parse(encoded.getBytes(StandardCharsets.US_ASCII)));
    } catch (IllegalBCryptFormatException | IllegalArgumentException e) {
      throw new MalformedHashException("bcrypt hash: " + e.getMessage());
    }
  }

  /**
   * A new {@code $2b$} hash.
   *
   * @throws IllegalArgumentException when the password is longer than 72 bytes or the cost is not in 4..31
   */
  public static BcryptHash create(byte[] password, int cost) {
    if (password.length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException("bcrypt uses only the first " + MAX_PASSWORD_BYTES
          + " bytes of a password and this one has " + password.length
          + ": choose a shorter password or another scheme (argon2id, pbkdf2-sha512)");
    }
    BCrypt.Version version = BCrypt.Version.VERSION_2B;
    BCrypt.HashData data = hasher(version).hashRaw(cost, Fields.salt(BCrypt.SALT_LENGTH), password);
    String encoded = new String(version.formatter.createHashMessage(data), StandardCharsets.US_ASCII);
    return new BcryptHash(encoded, data);
  }

  /** Without a length strategy: the key schedule itself stops at 72 bytes, as OpenBSD's does. */
  private static BCrypt.Hasher hasher(BCrypt.Version version) {
    return BCrypt.with(version, LongPasswordStrategies.none());
  }

  public int cost() {
    return data.cost;
  }

  @Override
  public String scheme() {
    return "bcrypt";
  }

  @Override
  public boolean verify(byte[] password) {
    BCrypt.HashData computed = hasher(data.version).hashRaw(data.cost, data.rawSalt, password);
    return MessageDigest.isEqual(computed.rawHash, data.rawHash);
  }

  @Override
  public String encoded() {
    return encoded;
  }

  @Override
  public String toString() {
    return "bcrypt(cost " + data.cost + ")";
  }
}
