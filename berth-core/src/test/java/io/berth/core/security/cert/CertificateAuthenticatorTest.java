package io.berth.core.security.cert;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateAuthenticatorTest {
  static final String CN = "device-1";
  static final String DN = "CN=device-1,O=Acme";

  /** Hashes are "sha256:<hex>" here; the real hashes come from the built-in database's code. */
  final List<String> checkedHashes = new ArrayList<>();
  final PasswordVerifier sha256 = (stored, password) -> {
    checkedHashes.add(stored);
    byte[] actual = hash(password).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = (stored == null ? "sha256:none" : stored).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(actual, expected) && stored != null;
  };
  final Map<String, UserDirectory.User> table = Map.of(
      CN, new UserDirectory.User(CN, hash(b("right")), false),
      "admin", new UserDirectory.User("admin", hash(b("root-pw")), true),
      DN, new UserDirectory.User(DN, hash(b("dn-pw")), false));
  final UserDirectory users = name -> Optional.ofNullable(table.get(name));

  static String hash(byte[] password) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static AuthRequest request(String username, String password, String cn, String dn) {
    return new AuthRequest("ssl:devices", "10.0.0.7", "c-1", username, password == null ? null : b(password), cn, dn,
        MqttVersion.V5);
  }

  static void assertDenied(AuthResult r, int code, String why) {
    assertThat(r).isInstanceOf(AuthResult.Deny.class);
    assertThat(((AuthResult.Deny) r).reasonCode()).isEqualTo(code);
    assertThat(((AuthResult.Deny) r).why()).contains(why);
  }

  @Test
  void certOnlyLetsInAClientWithAVerifiedCertificate() {
    CertificateAuthenticator a = CertificateAuthenticator.certOnly();
    assertThat(a.name()).isEqualTo("cert");
    AuthResult r = a.authenticate(request(null, null, CN, DN));
    assertThat(r).isEqualTo(new AuthResult.Allow(false, Map.of("cert_common_name", CN, "cert_subject", DN)));
    // a subject without CN: still a verified certificate
    assertThat(a.authenticate(request(null, null, null, "O=Acme,C=DE")))
        .isEqualTo(new AuthResult.Allow(false, Map.of("cert_subject", "O=Acme,C=DE")));
  }

  @Test
  void certOnlyLeavesClientsWithoutCertificateToTheNextProvider() {
    assertThat(CertificateAuthenticator.certOnly().authenticate(request("u", "p", null, null)))
        .isEqualTo(AuthResult.IGNORE);
  }

  @Test
  void certAndPasswordWithBothFactorsLetsIn() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.CN, users, sha256);
    assertThat(a.name()).isEqualTo("cert_and_password");
    AuthResult r = a.authenticate(request(CN, "right", CN, DN));
    assertThat(r).isEqualTo(new AuthResult.Allow(false, Map.of("cert_common_name", CN, "cert_subject", DN)));
  }

  @Test
  void certAndPasswordKeepsTheDirectorysSuperuserFlag() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.CN, users, sha256);
    AuthResult r = a.authenticate(request("admin", "root-pw", "admin", "CN=admin,O=Acme"));
    assertThat(r).isInstanceOf(AuthResult.Allow.class);
    assertThat(((AuthResult.Allow) r).superuser()).isTrue();
  }

  @Test
  void certAndPasswordWithoutCertificateIsNotAuthorized() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.CN, users, sha256);
    // even with the right password: one factor is not enough
    assertDenied(a.authenticate(request(CN, "right", null, null)), ReasonCode.NOT_AUTHORIZED,
        "no verified client certificate");
  }

  @Test
  void certAndPasswordWithoutOrWithAWrongPasswordIsBadCredentials() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.CN, users, sha256);
    assertDenied(a.authenticate(request(CN, null, CN, DN)), ReasonCode.BAD_USER_NAME_OR_PASSWORD,
        "no user name or password");
    assertDenied(a.authenticate(request(null, "right", CN, DN)), ReasonCode.BAD_USER_NAME_OR_PASSWORD,
        "no user name or password");
    assertDenied(a.authenticate(request(CN, "wrong", CN, DN)), ReasonCode.BAD_USER_NAME_OR_PASSWORD,
        "wrong password or unknown user device-1");
  }

  @Test
  void unknownUserCostsAPasswordCheckAndGetsTheSameAnswer() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.NONE, users, sha256);
    AuthResult unknown = a.authenticate(request("ghost", "right", CN, DN));
    AuthResult wrong = a.authenticate(request(CN, "wrong", CN, DN));
    assertThat(((AuthResult.Deny) unknown).reasonCode()).isEqualTo(((AuthResult.Deny) wrong).reasonCode());
    assertThat(checkedHashes).containsExactly(null, hash(b("right")));
  }

  @Test
  void userNameMustBeTheCertificatesCommonName() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.CN, users, sha256);
    // admin's own password, but a device-1 certificate: the certificate is not admin's
    assertDenied(a.authenticate(request("admin", "root-pw", CN, DN)), ReasonCode.NOT_AUTHORIZED,
        "user name admin is not the certificate's CN (CN=device-1,O=Acme)");
    assertThat(checkedHashes).isEmpty();
  }

  @Test
  void matchDnComparesTheWholeSubject() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.DN, users, sha256);
    assertThat(a.authenticate(request(DN, "dn-pw", CN, DN))).isInstanceOf(AuthResult.Allow.class);
    assertDenied(a.authenticate(request(CN, "right", CN, DN)), ReasonCode.NOT_AUTHORIZED, "certificate's DN");
  }

  @Test
  void matchNoneAcceptsAnyUserWithACertificate() {
    CertificateAuthenticator a = CertificateAuthenticator.certAndPassword(CertAuthOptions.Match.NONE, users, sha256);
    assertThat(a.authenticate(request("admin", "root-pw", CN, DN))).isInstanceOf(AuthResult.Allow.class);
    assertDenied(a.authenticate(request("admin", "root-pw", null, null)), ReasonCode.NOT_AUTHORIZED, "certificate");
  }

  @Test
  void createPicksTheMechanism() {
    assertThat(CertificateAuthenticator.create(CertAuthOptions.certOnly(), null, null).name()).isEqualTo("cert");
    assertThat(CertificateAuthenticator.create(CertAuthOptions.certAndPassword(CertAuthOptions.Match.CN), users,
        sha256).authenticate(request(CN, "right", CN, DN))).isInstanceOf(AuthResult.Allow.class);
  }
}
