package io.berth.server.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their digests. Tokens, API secrets and recovery codes are random with 50 to 256 bits, so a
 * plain SHA-256 stores them safely (there is nothing to guess); passwords people choose get bcrypt instead.
 */
public final class Secrets {
  private static final char[] READABLE = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private final SecureRandom random = new SecureRandom();

  /** 256 random bits, URL-safe base64 (43 characters). */
  public String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code n} random bytes. */
  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** {@code length} characters without look-alikes (no 0/O, 1/l/I): passwords shown to people. */
  public String readable(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(READABLE[random.nextInt(READABLE.length)]);
    }
    return s.toString();
  }

  /** Lower-case hex of {@code n} random bytes (API key ids). */
  public String hex(int n) {
    return HexFormat.of().formatHex(bytes(n));
  }

  public static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Compares two digests in time independent of where they differ. */
  public static boolean sameDigest(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
