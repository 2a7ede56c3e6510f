package io.berth.core.security.builtin;

import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.Authenticator;
import io.berth.core.security.UserDirectory;
import io.berth.core.security.password.MalformedHashException;
import io.berth.core.security.password.PasswordHash;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import java.util.Map;
import java.util.Optional;

/**
 * User name and password against the built-in users. A CONNECT without a user name, or with a user name but no
 * password, is not this provider's (the next one decides, as in EMQX). An unknown user is checked against a dummy hash
 * of the default scheme first, so that "no such user" and "wrong password" take the same time and give the same
 * answer: 0x86 Bad User Name or Password (the log line, {@code why}, tells them apart).
 */
public final class PasswordAuthenticator implements Authenticator {
  private final UserDirectory users;
  private final PasswordHash dummy;

  /** With a bcrypt dummy, the scheme of new users. */
  public PasswordAuthenticator(UserDirectory users) {
    this(users, Scheme.BCRYPT);
  }

  /**
   * @param dummyScheme the scheme most users' hashes are in: an unknown user costs as much as one of them
   */
  public PasswordAuthenticator(UserDirectory users, Scheme dummyScheme) {
    this.users = users;
    byte[] random = new byte[16];
    new java.security.SecureRandom().nextBytes(random);
    this.dummy = PasswordHashes.create(dummyScheme, random);
  }

  @Override
  public String name() {
    return "password_based:built_in_database";
  }

  @Override
  public AuthResult authenticate(AuthRequest request) {
    String username = request.username();
    byte[] password = request.password();
    if (username == null || password == null) {
      return AuthResult.IGNORE;
    }
    Optional<UserDirectory.User> user = users.find(username);
    if (user.isEmpty()) {
      dummy.verify(password);
      return AuthResult.Deny.badCredentials("no user '" + username + "' in the built-in database");
    }
    PasswordHash hash;
    try {
      hash = PasswordHashes.parse(user.get().passwordHash());
    } catch (MalformedHashException e) {
      dummy.verify(password);
      return AuthResult.Deny.badCredentials("user '" + username + "' has an unusable password hash: " + e.getMessage());
    }
    if (!hash.verify(password)) {
      return AuthResult.Deny.badCredentials("wrong password for user '" + username + "'");
    }
    return new AuthResult.Allow(user.get().superuser(), Map.of());
  }
}
