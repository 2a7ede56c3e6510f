package io.berth.core.security.jwt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An {@code authentication} chain member with {@code mechanism = jwt} (EMQX 5 names). Built by the configuration
 * reader; {@link JwtKeys#load} checks it and reads the key files.
 *
 * @param from where the client puts its token: the CONNECT's Password (default) or its User Name
 * @param algorithm hmac-based (a shared secret) or public-key (RSA/EC keys from {@code publicKey} or {@code jwksFile})
 * @param secret the HMAC secret (hmac-based); at least 32 bytes (RFC 7518 3.2)
 * @param secretBase64Encoded the secret is written in base64 (standard or URL alphabet)
 * @param publicKey public-key: a PEM file (public keys and/or certificates), or the PEM text itself; null when none
 * @param jwksFile public-key: a JWK Set file (RFC 7517 5, {"keys":[...]}); null when none
 * @param verifyClaims claims the token must carry with these values; a value may use ${username} and ${clientid}
 * @param acceptableClockSkew tolerance for {@code exp} and {@code nbf} (clocks of token issuers drift)
 */
public record JwtOptions(
    From from,
    Algorithm algorithm,
    String secret,
    boolean secretBase64Encoded,
    String publicKey,
    Path jwksFile,
    Map<String, String> verifyClaims,
    Duration acceptableClockSkew) {

  /** The clock skew used when the configuration does not say. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

  public JwtOptions {
    verifyClaims = Map.copyOf(verifyClaims);
    if (acceptableClockSkew == null) {
      acceptableClockSkew = DEFAULT_CLOCK_SKEW;
    }
  }

  /** HMAC-SHA with a shared secret, token in the password. */
  public static JwtOptions hmac(String secret) {
    return new JwtOptions(From.PASSWORD, Algorithm.HMAC_BASED, secret, false, null, null, Map.of(),
        DEFAULT_CLOCK_SKEW);
  }

  /** RSA/EC public keys from a PEM file, token in the password. */
  public static JwtOptions publicKeyPem(String pemFileOrText) {
    return new JwtOptions(From.PASSWORD, Algorithm.PUBLIC_KEY, null, false, pemFileOrText, null, Map.of(),
        DEFAULT_CLOCK_SKEW);
  }

  /** RSA/EC public keys from a JWK Set file, token in the password. */
  public static JwtOptions jwks(Path file) {
    return new JwtOptions(From.PASSWORD, Algorithm.PUBLIC_KEY, null, false, null, file, Map.of(), DEFAULT_CLOCK_SKEW);
  }

  public JwtOptions withFrom(From f) {
    return new JwtOptions(f, algorithm, secret, secretBase64Encoded, publicKey, jwksFile, verifyClaims,
        acceptableClockSkew);
  }

  public JwtOptions withVerifyClaims(Map<String, String> claims) {
    return new JwtOptions(from, algorithm, secret, secretBase64Encoded, publicKey, jwksFile, claims,
        acceptableClockSkew);
  }

  public JwtOptions withClockSkew(Duration skew) {
    return new JwtOptions(from, algorithm, secret, secretBase64Encoded, publicKey, jwksFile, verifyClaims, skew);
  }

  /** {@code from = password | username}. */
  public enum From {
    PASSWORD,
    USERNAME
  }

  /** {@code algorithm = hmac-based | public-key}. */
  public enum Algorithm {
    HMAC_BASED,
    PUBLIC_KEY
  }
}
