package io.berth.server.api.auth;

import java.util.List;

/**
 * One admin of the management API, as stored in admins.json (separate from MQTT users).
 *
 * @param username the login name
 * @param passwordHash bcrypt ({@code $2b$...}), made by PasswordHashes
 * @param mustChangePassword the generated first password: every endpoint but the password change refuses until then
 * @param totpSecret the active TOTP secret (base32), or null without a second factor
 * @param totpPending a secret being enrolled, active once a code from it is confirmed; null otherwise
 * @param totpLastStep the last 30 s step whose code was accepted: a code is good once (no replay)
 * @param recoveryCodes SHA-256 digests of the unused recovery codes
 */
public record AdminAccount(
    String username, String passwordHash, boolean mustChangePassword, String totpSecret, String totpPending,
    long totpLastStep, List<String> recoveryCodes) {
  public AdminAccount {
    recoveryCodes = recoveryCodes == null ? List.of() : List.copyOf(recoveryCodes);
  }

  public boolean totpEnabled() {
    return totpSecret != null;
  }

  AdminAccount withPassword(String hash) {
    return new AdminAccount(username, hash, false, totpSecret, totpPending, totpLastStep, recoveryCodes);
  }

  AdminAccount withPendingTotp(String secret) {
    return new AdminAccount(username, passwordHash, mustChangePassword, totpSecret, secret, totpLastStep,
        recoveryCodes);
  }

  AdminAccount withTotp(String secret, long step, List<String> codes) {
    return new AdminAccount(username, passwordHash, mustChangePassword, secret, null, step, codes);
  }

  AdminAccount withTotpStep(long step) {
    return new AdminAccount(username, passwordHash, mustChangePassword, totpSecret, totpPending, step,
        recoveryCodes);
  }

  AdminAccount withRecoveryCodes(List<String> codes) {
    return new AdminAccount(username, passwordHash, mustChangePassword, totpSecret, totpPending, totpLastStep,
        codes);
  }
}
