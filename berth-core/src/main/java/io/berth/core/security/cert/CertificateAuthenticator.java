package io.berth.core.security.cert;

import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.Authenticator;
import io.berth.core.security.UserDirectory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Client certificates (mutual TLS). {@code cert}: a client whose certificate the TLS layer verified is let in as the
 * certificate's subject; one without a certificate is not this provider's (the next one decides).
 * {@code cert_and_password}: two factors, both required: a verified certificate (what the device has) and a user
 * name and password the user directory knows (what it was told), the user name being the certificate's CN (or DN).
 * A client without a certificate is refused with 0x87 Not Authorized, a missing or wrong password with 0x86 Bad
 * User Name or Password, a user name that is not the certificate's with 0x87.
 */
public final class CertificateAuthenticator implements Authenticator {
  /** Attribute: the verified certificate's subject Common Name (absent when the subject has none). */
  public static final String CERT_COMMON_NAME = "cert_common_name";
  /** Attribute: the verified certificate's subject Distinguished Name, RFC 4514 ("CN=dev-1,O=Acme"). */
  public static final String CERT_SUBJECT = "cert_subject";

  private final CertAuthOptions options;
  private final UserDirectory users;
  private final PasswordVerifier passwords;

  private CertificateAuthenticator(CertAuthOptions options, UserDirectory users, PasswordVerifier passwords) {
    this.options = options;
    this.users = users;
    this.passwords = passwords;
  }

  /** {@code mechanism = cert}. */
  public static CertificateAuthenticator certOnly() {
    return new CertificateAuthenticator(CertAuthOptions.certOnly(), null, null);
  }

  /** {@code mechanism = cert_and_password}, checking passwords against {@code users}. */
  public static CertificateAuthenticator certAndPassword(CertAuthOptions.Match match, UserDirectory users,
      PasswordVerifier passwords) {
    return new CertificateAuthenticator(CertAuthOptions.certAndPassword(match), users, passwords);
  }

  /** From options; {@code users} and {@code passwords} are needed (not null) for cert_and_password only. */
  public static CertificateAuthenticator create(CertAuthOptions options, UserDirectory users,
      PasswordVerifier passwords) {
    return options.mechanism() == CertAuthOptions.Mechanism.CERT ? certOnly()
        : certAndPassword(options.match(), java.util.Objects.requireNonNull(users, "users"),
            java.util.Objects.requireNonNull(passwords, "passwords"));
  }

  @Override
  public String name() {
    return options.mechanism() == CertAuthOptions.Mechanism.CERT ? "cert" : "cert_and_password";
  }

  @Override
  public AuthResult authenticate(AuthRequest request) {
    if (options.mechanism() == CertAuthOptions.Mechanism.CERT) {
      return request.hasCertificate() ? new AuthResult.Allow(false, attributes(request)) : AuthResult.IGNORE;
    }
    if (!request.hasCertificate()) {
      return AuthResult.Deny.notAuthorized("cert_and_password: no verified client certificate");
    }
    if (request.username() == null || request.password() == null) {
      return AuthResult.Deny.badCredentials("cert_and_password: no user name or password with the certificate ("
          + request.certSubject() + ")");
    }
    String expected = switch (options.match()) {
      case CN -> request.certCommonName();
      case DN -> request.certSubject();
      case NONE -> request.username();
    };
    if (!request.username().equals(expected)) {
      return AuthResult.Deny.notAuthorized("cert_and_password: user name " + request.username()
          + " is not the certificate's " + options.match().name() + " (" + request.certSubject() + ")");
    }
    Optional<UserDirectory.User> user = users.find(request.username());
    // an unknown user costs the same hashing time as a known one (null hash)
    boolean ok = passwords.verify(user.map(UserDirectory.User::passwordHash).orElse(null), request.password());
    if (!ok || user.isEmpty()) {
      return AuthResult.Deny.badCredentials("cert_and_password: wrong password or unknown user "
          + request.username());
    }
    return new AuthResult.Allow(user.get().superuser(), attributes(request));
  }

  private static Map<String, String> attributes(AuthRequest request) {
    Map<String, String> a = new HashMap<>();
    a.put(CERT_SUBJECT, request.certSubject());
    if (request.certCommonName() != null) {
      a.put(CERT_COMMON_NAME, request.certCommonName());
    }
    return a;
  }
}
