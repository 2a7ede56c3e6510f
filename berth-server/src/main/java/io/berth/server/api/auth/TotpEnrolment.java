package io.berth.server.api.auth;

import io.berth.server.api.ApiException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turning an admin's second factor on and off. Enrolment keeps a pending secret until a code made from it is
 * confirmed (proof that the app has it); only then does login ask for codes, and the recovery codes are shown once.
 */
public final class TotpEnrolment {
  public static final String ISSUER = "Berth";
  private final AdminAuth auth;
  private final Secrets secrets;

  /** What the page shows to enrol: the secret as text and as a QR code of the otpauth URI. */
  public record Started(String secret, String otpauthUri, String qrPngBase64) {}

  public TotpEnrolment(AdminAuth auth, Secrets secrets) {
    this.auth = auth;
    this.secrets = secrets;
  }

  public Started start(AdminAccount a) {
    if (a.totpEnabled()) {
      throw new ApiException(409, "TOTP_ENABLED", "the second factor is on already: turn it off first"
          + " (DELETE /api/v5/users/me/totp)");
    }
    String secret = Totp.newSecret(secrets);
    auth.store().updateAdmin(a.username(), acc -> acc.withPendingTotp(secret));
    String uri = Totp.otpauthUri(ISSUER, a.username(), secret);
    return new Started(secret, uri, Base64.getEncoder().encodeToString(QrPng.of(uri)));
  }

  /** @return the recovery codes, shown this once */
  public List<String> confirm(AdminAccount a, String code) {
    List<String> recovery = RecoveryCodes.generate(secrets);
    auth.store().updateAdmin(a.username(), acc -> {
      if (acc.totpPending() == null) {
        throw new ApiException(409, "NO_TOTP_ENROLMENT", "start the enrolment first (POST /api/v5/users/me/totp)");
      }
      OptionalLong step = auth.totp().verify(acc.totpPending(), code, 0, Instant.ofEpochMilli(auth.now()));
      if (step.isEmpty()) {
        throw new ApiException(400, "BAD_TOTP", "field 'code': not the current code of this secret");
      }
      return acc.withTotp(acc.totpPending(), step.getAsLong(), RecoveryCodes.digests(recovery));
    });
    return recovery;
  }

  public void turnOff(AdminAccount a, String password, String code) {
    if (!a.totpEnabled()) {
      throw new ApiException(409, "TOTP_NOT_ENABLED", "the second factor is off already");
    }
    if (!auth.passwordMatches(a.passwordHash(), password)) {
      throw new ApiException(400, "BAD_PASSWORD", "field 'password': not the current password");
    }
    if (!auth.useSecondFactor(a.username(), code)) {
      throw new ApiException(400, "BAD_TOTP", "field 'code': wrong or already used code");
    }
    auth.store().updateAdmin(a.username(), acc -> acc.withTotp(null, 0, List.of()));
  }
}
