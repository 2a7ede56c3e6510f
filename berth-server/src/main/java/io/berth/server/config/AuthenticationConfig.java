package io.berth.server.config;

import io.berth.core.security.Authentication;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code authentication} chain, {@code allow_anonymous} and {@code enable_authn} of the broker or of one
 * listener (a listener's own keys replace the global ones). Values only, comparable with equals, so a reload can
 * tell whether a listener's authentication changed; the providers are built from it by the server.
 */
public record AuthenticationConfig(
    List<Provider> chain, Authentication.Anonymous anonymous, Authentication.Mode mode) {

  public AuthenticationConfig {
    chain = List.copyOf(chain);
  }

  /** The built-in default: no providers, anonymous clients from this machine only. */
  public static AuthenticationConfig loopbackOnly() {
    return new AuthenticationConfig(List.of(), Authentication.Anonymous.LOOPBACK, Authentication.Mode.ENABLED);
  }

  /** Lets everyone in (tests and embedded brokers that want no authentication). */
  public static AuthenticationConfig disabled() {
    return new AuthenticationConfig(List.of(), Authentication.Anonymous.ALLOW, Authentication.Mode.DISABLED);
  }

  /** One provider of the chain, by its {@code mechanism}. */
  public sealed interface Provider {
    /** The config key of this entry, "authentication.0", for messages. */
    String key();
  }

  /** mechanism = password_based, backend = built_in_database: users and hashes from a password file. */
  public record PasswordBased(String key, Path userFile) implements Provider {}

  /** mechanism = scram: MQTT 5 enhanced authentication SCRAM-SHA-256 or -512 with the users of a password file. */
  public record Scram(String key, Path userFile, String algorithm) implements Provider {}

  /**
   * mechanism = cert: a verified client certificate alone lets the client in (peer_cert_as_username /
   * peer_cert_as_clientid make its CN or DN the client's names).
   */
  public record Cert(String key) implements Provider {}

  /** mechanism = cert_and_password: a verified certificate AND a password of the same user. */
  public record CertAndPassword(String key, Path userFile, String match) implements Provider {}

  /**
   * mechanism = jwt: a JSON Web Token in the password (or user name), signed with an HMAC secret or a public key.
   *
   * @param from password or username
   * @param algorithm hmac-based or public-key
   * @param secret the HMAC secret (hmac-based)
   * @param secretBase64 whether the secret is written in base64
   * @param publicKey a PEM file with the public key, or the PEM text itself (public-key), or null
   * @param jwksFile a JWKS file with the public keys (public-key), or null
   * @param verifyClaims claims the token must carry, with ${clientid} / ${username} templates
   * @param clockSkewMillis tolerance for exp and nbf
   */
  public record Jwt(String key, String from, String algorithm, String secret, boolean secretBase64, String publicKey,
      Path jwksFile, Map<String, String> verifyClaims, long clockSkewMillis) implements Provider {
    public Jwt {
      verifyClaims = Map.copyOf(verifyClaims);
    }
  }
}
