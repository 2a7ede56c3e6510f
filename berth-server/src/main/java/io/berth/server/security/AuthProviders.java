package io.berth.server.security;

import io.berth.core.security.builtin.PasswordAuthenticator;
import io.berth.core.security.builtin.PasswordFile;
import io.berth.core.security.builtin.PasswordFileException;
import io.berth.core.security.cert.CertAuthOptions;
import io.berth.core.security.cert.CertificateAuthenticator;
import io.berth.core.security.cert.PasswordVerifier;
import io.berth.core.security.jwt.JwtAuthenticator;
import io.berth.core.security.jwt.JwtConfigException;
import io.berth.core.security.jwt.JwtOptions;
import io.berth.core.security.password.MalformedHashException;
import io.berth.core.security.password.PasswordHashes;
import io.berth.core.security.password.Scheme;
import io.berth.core.security.password.ScramAlgorithm;
import io.berth.core.security.scram.ScramAuthenticator;
import io.berth.server.config.AuthenticationConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a provider's configuration into the provider: an {@link io.berth.core.security.Authenticator} or, for SCRAM,
 * an {@link io.berth.core.security.EnhancedAuthenticator}. Providers reading the same user file share one loaded
 * copy of it, which {@link #passwordFiles()} lists for reloading.
 */
public final class AuthProviders {
  private final Map<Path, PasswordFile> files = new ConcurrentHashMap<>();
  private final ServerSecret secret;

  /** @param secret the installation's secret (SCRAM's fake salts for unknown users) */
  public AuthProviders(ServerSecret secret) {
    this.secret = secret;
  }

  /** The loaded user files, to reload when they change. */
  public Collection<PasswordFile> passwordFiles() {
    return List.copyOf(files.values());
  }

  /** @throws IllegalArgumentException the provider cannot be built; the message names the key and the reason */
  public Object build(AuthenticationConfig.Provider p) {
    if (p instanceof AuthenticationConfig.PasswordBased pb) {
      return new PasswordAuthenticator(users(pb.key(), pb.userFile()));
    } else if (p instanceof AuthenticationConfig.Scram s) {
      ScramAlgorithm algorithm = s.algorithm().equals("sha512") ? ScramAlgorithm.SHA_512 : ScramAlgorithm.SHA_256;
      return new ScramAuthenticator(algorithm, users(s.key(), s.userFile()), secret.bytes());
    } else if (p instanceof AuthenticationConfig.Cert) {
      return CertificateAuthenticator.certOnly();
    } else if (p instanceof AuthenticationConfig.CertAndPassword cp) {
      CertAuthOptions.Match match = CertAuthOptions.Match.valueOf(cp.match().toUpperCase(Locale.ROOT));
      return CertificateAuthenticator.certAndPassword(match, users(cp.key(), cp.userFile()), verifier());
    } else if (p instanceof AuthenticationConfig.Jwt j) {
      return jwt(j);
    }
    throw new IllegalArgumentException(p.key() + ": unknown provider");
  }

  private PasswordFile users(String key, Path path) {
    Path normalized = path.toAbsolutePath().normalize();
    PasswordFile known = files.get(normalized);
    if (known != null) {
      return known;
    }
    try {
      PasswordFile loaded = PasswordFile.load(path);
      PasswordFile raced = files.putIfAbsent(normalized, loaded);
      return raced != null ? raced : loaded;
    } catch (PasswordFileException e) {
      throw new IllegalArgumentException(key + ".user_file: " + e.getMessage(), e);
    }
  }

  /** Checks a stored hash; for an unknown user (null) spends the time of a bcrypt check and says no. */
  private static PasswordVerifier verifier() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    var dummy = PasswordHashes.create(Scheme.BCRYPT, random);
    return (storedHash, password) -> {
      if (storedHash == null) {
        dummy.verify(password);
        return false;
      }
      try {
        return PasswordHashes.verify(storedHash, password);
      } catch (MalformedHashException e) {
        dummy.verify(password);
        return false;
      }
    };
  }

  private static JwtAuthenticator jwt(AuthenticationConfig.Jwt j) {
    JwtOptions options = new JwtOptions(
        j.from().equals("username") ? JwtOptions.From.USERNAME : JwtOptions.From.PASSWORD,
        j.algorithm().equals("public-key") ? JwtOptions.Algorithm.PUBLIC_KEY : JwtOptions.Algorithm.HMAC_BASED,
        j.secret().isEmpty() ? null : j.secret(), j.secretBase64(), j.publicKey(), j.jwksFile(), j.verifyClaims(),
        Duration.ofMillis(j.clockSkewMillis()));
    try {
      return JwtAuthenticator.create(options);
    } catch (JwtConfigException e) {
      throw new IllegalArgumentException(j.key() + "." + e.key() + ": " + e.getMessage(), e);
    }
  }
}
