package io.berth.core.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.berth.core.security.AuthRequest;
import io.berth.core.security.AuthResult;
import io.berth.core.security.Authenticator;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;

/**
 * {@code mechanism = jwt}: the client's password (or user name) is a signed JSON Web Token (RFC 7519). Something that
 * is not a JWT is not this provider's: the next one in the chain decides (a password, say). A JWT that does not
 * verify, has expired, is not valid yet or fails {@code verify_claims} is refused with 0x86 Bad User Name or
 * Password. A good one lets the client in with its claims as attributes ({@code is_superuser = true}: superuser).
 */
public final class JwtAuthenticator implements Authenticator {
  private final JwtOptions options;
  private final JwtKeys keys;
  private final Clock clock;

  private JwtAuthenticator(JwtOptions options, JwtKeys keys, Clock clock) {
    this.options = options;
    this.keys = keys;
    this.clock = clock;
  }

  /** Reads the keys the options name (a {@link JwtConfigException} names the key at fault). */
  public static JwtAuthenticator create(JwtOptions options) throws JwtConfigException {
    return create(options, Clock.systemUTC());
  }

  /** As {@link #create(JwtOptions)}, with the clock {@code exp} and {@code nbf} are compared to (tests). */
  public static JwtAuthenticator create(JwtOptions options, Clock clock) throws JwtConfigException {
    JwtClaimsCheck.checkTemplates(options.verifyClaims());
    return new JwtAuthenticator(options, JwtKeys.load(options), clock);
  }

  @Override
  public String name() {
    return "jwt";
  }

  @Override
  public AuthResult authenticate(AuthRequest request) {
    String token = token(request);
    if (token == null || token.isEmpty()) {
      return AuthResult.IGNORE;
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException notAJwt) {
      return AuthResult.IGNORE; // a password, say: the next provider's
    }
    if (!(jwt instanceof SignedJWT signed)) {
      return AuthResult.Deny.badCredentials(jwt instanceof PlainJWT ? "unsigned JWT (alg none)"
          : "encrypted JWT (only signed ones are accepted)");
    }
    String alg = signed.getHeader().getAlgorithm().getName();
    try {
      List<JWSVerifier> verifiers = keys.verifiersFor(signed.getHeader());
      if (verifiers.isEmpty()) {
        return AuthResult.Deny.badCredentials("JWT alg " + alg + " does not fit the configured "
            + (options.algorithm() == JwtOptions.Algorithm.HMAC_BASED ? "HMAC secret" : "public keys")
            + kid(signed));
      }
      if (!verifiesWithAny(signed, verifiers)) {
        return AuthResult.Deny.badCredentials("JWT signature does not verify (alg " + alg + kid(signed) + ")");
      }
    } catch (JOSEException e) {
      return AuthResult.Deny.badCredentials("JWT cannot be verified: " + e.getMessage());
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      return AuthResult.Deny.badCredentials("JWT claims are not valid: " + e.getMessage());
    }
    String problem = JwtClaimsCheck.timeProblem(claims, clock.instant(), options.acceptableClockSkew());
    if (problem == null) {
      problem = JwtClaimsCheck.claimsProblem(claims, options.verifyClaims(), request);
    }
    if (problem != null) {
      return AuthResult.Deny.badCredentials(problem);
    }
    return new AuthResult.Allow(JwtClaimsCheck.superuser(claims), JwtClaimsCheck.attributes(claims));
  }

  private String token(AuthRequest request) {
    if (options.from() == JwtOptions.From.USERNAME) {
      return request.username();
    }
    return request.password() == null ? null : new String(request.password(), StandardCharsets.UTF_8);
  }

  private static boolean verifiesWithAny(SignedJWT jwt, List<JWSVerifier> verifiers) throws JOSEException {
    for (JWSVerifier v : verifiers) {
      if (jwt.verify(v)) {
        return true;
      }
    }
    return false;
  }

  private static String kid(SignedJWT jwt) {
    return jwt.getHeader().getKeyID() == null ? "" : ", kid " + jwt.getHeader().getKeyID();
  }
}
