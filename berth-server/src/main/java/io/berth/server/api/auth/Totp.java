package io.berth.server.api.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes (SHA-1, 6 digits, 30 s: what every authenticator app does by default). A code is accepted for its
 * step and one step either side (clock drift), and only for a step later than the last one accepted: each code
 * works once.
 */
public final class Totp {
  public static final Duration STEP = Duration.ofSeconds(30);
  private static final String ALGORITHM = "HmacSHA1";
  private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, 6,
      ALGORITHM);

  /** A new 160-bit secret, base32 (RFC 4226's recommended length). */
  public static String newSecret(Secrets secrets) {
    return Base32.encode(secrets.bytes(20));
  }

  /**
   * The step the code belongs to, if it is a valid code after {@code lastStep}; empty otherwise.
   *
   * @param code six digits as typed
   */
  public OptionalLong verify(String secret, String code, long lastStep, Instant now) {
    if (code == null || !code.strip().matches("\\d{6}")) {
      return OptionalLong.empty();
    }
    int wanted = Integer.parseInt(code.strip());
    SecretKeySpec key = new SecretKeySpec(Base32.decode(secret), ALGORITHM);
    long step = now.getEpochSecond() / STEP.getSeconds();
    for (long s = step - 1; s <= step + 1; s++) {
      if (s > lastStep && generate(key, s) == wanted) {
        return OptionalLong.of(s);
      }
    }
    return OptionalLong.empty();
  }

  private int generate(SecretKeySpec key, long step) {
    try {
      return generator.generateOneTimePassword(key, Instant.ofEpochSecond(step * STEP.getSeconds()));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("an HMAC-SHA1 key of 20 bytes is always valid", e);
    }
  }

  /** The URI authenticator apps read from the QR code. */
  public static String otpauthUri(String issuer, String account, String secret) {
    String label = enc(issuer) + ":" + enc(account);
    return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + enc(issuer)
        + "&algorithm=SHA1&digits=6&period=" + STEP.getSeconds();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
