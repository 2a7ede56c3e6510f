package io.berth.it.api;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.berth.server.api.auth.Base32;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * The phone app of the admin in a test: the TOTP secret the page showed, and codes from it (RFC 6238). A code is good
 * once, so each new code is taken from a 30-second step after the last one used.
 */
final class AuthenticatorApp {
  private final String secret;
  private Instant lastUsed;

  AuthenticatorApp(String secret) {
    this.secret = secret;
  }

  /** The code of the current step. */
  String codeNow() throws Exception {
    lastUsed = Instant.now();
    return code(lastUsed);
  }

  /** The code of the step after the last one used (or of now, when that is later). */
  String nextCode() throws Exception {
    Instant next = lastUsed == null ? Instant.now() : lastUsed.plusSeconds(30);
    lastUsed = next.isAfter(Instant.now()) ? next : Instant.now();
    return code(lastUsed);
  }

  private String code(Instant at) throws Exception {
    var g = new TimeBasedOneTimePasswordGenerator();
    return String.format("%06d", g.generateOneTimePassword(new SecretKeySpec(Base32.decode(secret), "HmacSHA1"), at));
  }
}
