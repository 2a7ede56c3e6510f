package io.berth.server.api.auth;

import io.berth.core.security.password.MalformedHashException;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import io.berth.server.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Who may use the management API: logins (password, then the TOTP code or a recovery code once enrolled), with
 * lockout; bearer tokens; API keys over HTTP Basic; password changes. Every refusal is an {@link ApiException}
 * whose message never says whether the user name exists.
 */
public final class AdminAuth {
  private final AdminStore store;
  private final Sessions sessions;
  private final LoginGuard guard;
  private final Totp totp = new Totp();
  private final Path dataDir;
  private final LongSupplier clock;
  /**
   * Checked when the user name is unknown, so that the answer takes as long as for a wrong password: a bcrypt hash
   * (cost 10, as new passwords get) of 24 random bytes nobody kept. A constant saves a hash at every start.
   */
  private static final String DECOY_HASH = "$2b$10$6q74n0PC7tqqyHgi6AGF6eRkNDNvVUrEHqzUSqxyKVQqt8ZIwffT.";

  /** A successful login. */
  public record Login(String token, long expiresAt, boolean mustChangePassword) {}

  public AdminAuth(AdminStore store, Sessions sessions, LoginGuard guard, Path dataDir, LongSupplier clock) {
    this.store = store;
    this.sessions = sessions;
    this.guard = guard;
    this.dataDir = dataDir;
    this.clock = clock;
  }

  public AdminStore store() {
    return store;
  }

  public Totp totp() {
    return totp;
  }

  /**
   * @param secondFactor the TOTP code (or a recovery code) when the admin has enrolled; may be null otherwise
   */
  public Login login(String username, String password, String secondFactor, String address) {
    if (!guard.tryAttempt(username, address)) { // counted as a failure from here until it succeeds
      throw locked("too many failed logins", username, address);
    }
    AdminAccount a = store.admin(username).orElse(null);
    boolean passwordOk = passwordMatches(a == null ? DECOY_HASH : a.passwordHash(), password) && a != null;
    if (!passwordOk) {
      throw new ApiException(401, "BAD_USERNAME_OR_PWD", "wrong user name or password");
    }
    if (a.totpEnabled()) {
      if (secondFactor == null || secondFactor.isBlank()) {
        guard.notAFailure(username, address);
        throw new ApiException(401, "TOTP_REQUIRED", "this admin has a second factor: send its code as totp");
      }
      if (!useSecondFactor(username, secondFactor)) {
        throw new ApiException(401, "BAD_TOTP", "wrong or already used code");
      }
    }
    guard.succeeded(username, address);
    Sessions.Issued t = sessions.issue(username);
    return new Login(t.token(), t.expiresAt(), a.mustChangePassword());
  }

  /** The principal of a request's Authorization header; 401 when it is missing, unknown or expired. */
  public Principal authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw ApiException.unauthorized("log in first: send Authorization: Bearer <token> (POST /api/v5/login), or"
          + " Basic with an API key");
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return sessions.use(authorization.substring(7).strip())
          .orElseThrow(() -> ApiException.unauthorized("the token is invalid or has expired: log in again"));
    }
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return apiKey(authorization.substring(6).strip())
          .orElseThrow(() -> ApiException.unauthorized("unknown API key or wrong secret"));
    }
    throw ApiException.unauthorized("unsupported Authorization scheme: use Bearer or Basic");
  }

  private Optional<Principal> apiKey(String basic) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String key = decoded.substring(0, colon);
    String digest = Secrets.sha256(decoded.substring(colon + 1));
    return store.apiKeys().stream().filter(k -> k.key().equals(key) && Secrets.sameDigest(k.secretDigest(), digest))
        .findFirst().map(k -> new Principal(k.key(), Principal.Kind.API_KEY, null));
  }

  /** Whether {@code p} may still act: its token live (not renewed by asking), or its API key not deleted. */
  public boolean isStillValid(Principal p) {
    return p.isAdmin() ? sessions.isLive(p.tokenDigest())
        : store.apiKeys().stream().anyMatch(k -> k.key().equals(p.name()));
  }

  public void logout(Principal p) {
    if (p.tokenDigest() != null) {
      sessions.revoke(p.tokenDigest());
    }
  }

  /** 429 LOCKED, saying when to try again in whole minutes (rounded up), which the dashboard shows as is. */
  private ApiException locked(String what, String username, String address) {
    long minutes = Math.max(1, (guard.lockedForMillis(username, address) + 59_999) / 60_000);
    return new ApiException(429, "LOCKED",
        what + ": try again in " + minutes + (minutes == 1 ? " minute" : " minutes"));
  }

  /** Whether this admin must still change the generated first password. */
  public boolean mustChangePassword(Principal p) {
    return p.isAdmin() && store.admin(p.name()).map(AdminAccount::mustChangePassword).orElse(false);
  }

  /** Checks the old password, sets the new one, ends the admin's other sessions, deletes the initial file. */
  public void changePassword(Principal p, String oldPassword, String newPassword, String address) {
    AdminAccount a = account(p);
    if (!guard.tryAttempt(a.username(), address)) {
      throw locked("too many failed attempts", a.username(), address);
    }
    if (!passwordMatches(a.passwordHash(), oldPassword)) {
      throw new ApiException(400, "BAD_PASSWORD", "field 'old_password': not the current password");
    }
    guard.succeeded(a.username(), address);
    PasswordRules.check(newPassword, oldPassword);
    String hash = PasswordHashes.create(Scheme.BCRYPT, newPassword.getBytes(StandardCharsets.UTF_8)).encoded();
    store.updateAdmin(a.username(), acc -> acc.withPassword(hash));
    sessions.revokeOthers(a.username(), p.tokenDigest());
    InitialAdmin.forget(dataDir);
  }

  /** The admin behind a login token; 403 for an API key (these endpoints are about a person's account). */
  public AdminAccount account(Principal p) {
    if (!p.isAdmin()) {
      throw ApiException.forbidden("an API key has no account: log in as an admin");
    }
    return store.admin(p.name()).orElseThrow(() -> ApiException.unauthorized("this admin no longer exists"));
  }

  public boolean passwordMatches(String hash, String password) {
    if (password == null) {
      return false;
    }
    try {
      return PasswordHashes.verify(hash, password.getBytes(StandardCharsets.UTF_8));
    } catch (MalformedHashException e) {
      return false;
    }
  }

  /**
   * Accepts a TOTP code not used before, or an unused recovery code (which is then used up). The check and the
   * update happen in one step of the store, so one code cannot win twice in parallel.
   */
  public boolean useSecondFactor(String username, String code) {
    boolean[] ok = {false};
    store.updateAdmin(username, acc -> {
      if (acc.totpSecret() == null) {
        return acc;
      }
      OptionalLong step = totp.verify(acc.totpSecret(), code, acc.totpLastStep(), Instant.ofEpochMilli(
          clock.getAsLong()));
      if (step.isPresent()) {
        ok[0] = true;
        return acc.withTotpStep(step.getAsLong());
      }
      String digest = Secrets.sha256(RecoveryCodes.normalize(code));
      var left = acc.recoveryCodes().stream().filter(d -> !Secrets.sameDigest(d, digest)).toList();
      ok[0] = left.size() < acc.recoveryCodes().size();
      return ok[0] ? acc.withRecoveryCodes(left) : acc;
    });
    return ok[0];
  }

  public long now() {
    return clock.getAsLong();
  }
}
