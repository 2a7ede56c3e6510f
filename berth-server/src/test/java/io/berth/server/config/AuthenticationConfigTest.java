package io.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.core.security.Authentication;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** authentication, allow_anonymous and enable_authn: globally, per listener, and their errors. */
class AuthenticationConfigTest extends ConfigFiles {

  @Test
  void theDefaultLetsAnonymousClientsInFromThisMachineOnly() throws Exception {
    BrokerConfig c = load("");
    assertThat(listener(c, "tcp:default").authentication()).isEqualTo(AuthenticationConfig.loopbackOnly());
  }

  @Test
  void aChainOfProvidersIsReadInOrder() throws Exception {
    BrokerConfig c = load("""
        authentication = [
          {mechanism = password_based, backend = built_in_database, user_file = "etc/passwd"}
          {mechanism = scram, user_file = "etc/passwd", algorithm = sha512}
          {mechanism = cert}
          {mechanism = cert_and_password, user_file = "etc/passwd"}
          {mechanism = jwt, algorithm = hmac-based, secret = "s3cret", verify_claims {sub = "${username}"}}
        ]
        allow_anonymous = false
        """);
    AuthenticationConfig a = listener(c, "tcp:default").authentication();
    assertThat(a.anonymous()).isEqualTo(Authentication.Anonymous.DENY);
    assertThat(a.chain()).containsExactly(
        new AuthenticationConfig.PasswordBased("authentication.0", Path.of("etc/passwd")),
        new AuthenticationConfig.Scram("authentication.1", Path.of("etc/passwd"), "sha512"),
        new AuthenticationConfig.Cert("authentication.2"),
        new AuthenticationConfig.CertAndPassword("authentication.3", Path.of("etc/passwd"), "cn"),
        new AuthenticationConfig.Jwt("authentication.4", "password", "hmac-based", "s3cret", false, null, null,
            Map.of("sub", "${username}"), 5_000));
  }

  @Test
  void aListenerMayReplaceTheGlobalAuthentication() throws Exception {
    BrokerConfig c = load("""
        authentication = [{mechanism = password_based, user_file = "etc/passwd"}]
        listeners.tcp.local { bind = "127.0.0.1:11883", allow_anonymous = true, authentication = [] }
        listeners.tcp.default { bind = "0.0.0.0:1883" }
        """);
    assertThat(listener(c, "tcp:local").authentication())
        .isEqualTo(new AuthenticationConfig(java.util.List.of(), Authentication.Anonymous.ALLOW,
            Authentication.Mode.ENABLED));
    assertThat(listener(c, "tcp:default").authentication().chain()).hasSize(1);
    assertThat(listener(c, "tcp:default").authentication().anonymous())
        .isEqualTo(Authentication.Anonymous.LOOPBACK);
  }

  @Test
  void enableAuthnTakesItsThreeValues() throws Exception {
    assertThat(listener(load("enable_authn = false"), "tcp:default").authentication().mode())
        .isEqualTo(Authentication.Mode.DISABLED);
    assertThat(listener(load("enable_authn = quick_deny_anonymous"), "tcp:default").authentication().mode())
        .isEqualTo(Authentication.Mode.QUICK_DENY_ANONYMOUS);
  }

  @Test
  void mistakesAreNamedWithTheirLine() throws Exception {
    fails("allow_anonymous = maybe").hasMessage(where(1)
        + "allow_anonymous = \"maybe\": expected true, false or loopback");
    fails("authentication = [{mechanism = ldap}]").hasMessageContaining(
        "authentication.0.mechanism = \"ldap\": expected password_based, scram, cert, cert_and_password or jwt");
    fails("authentication = [{mechanism = password_based, user_fle = \"etc/passwd\"}]").hasMessageContaining(
        where(1) + "authentication.0.user_fle: unknown key for mechanism = password_based; did you mean"
            + " 'user_file'?");
    fails("authentication = [{user_file = \"etc/passwd\"}]").hasMessageContaining("missing mechanism");
    fails("authentication = [{mechanism = jwt, algorithm = hmac-based}]")
        .hasMessageContaining("algorithm = hmac-based needs a secret");
    fails("authentication = {mechanism = password_based}").hasMessageContaining("expected a list of providers");
    fails("listeners.tcp.default.authentication = [{mechanism = cert_and_password, user_file = p, match = email}]")
        .hasMessageContaining("listeners.tcp.default.authentication.0.match = \"email\": expected cn, dn or none");
  }
}
