package io.berth.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.berth.core.security.Authentication;
import io.berth.server.config.AuthenticationConfig.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code authentication}, {@code allow_anonymous} and {@code enable_authn} (globally, or a listener's own) into
 * an {@link AuthenticationConfig}. Each provider entry is checked for its mechanism's keys: a typo is an error, not
 * a silently ignored setting.
 */
final class AuthenticationReader {
  private static final Map<String, Set<String>> KEYS = Map.of(
      "password_based", Set.of("mechanism", "backend", "user_file"),
      "scram", Set.of("mechanism", "backend", "user_file", "algorithm"),
      "cert", Set.of("mechanism"),
      "cert_and_password", Set.of("mechanism", "backend", "user_file", "match"),
      "jwt", Set.of("mechanism", "from", "algorithm", "secret", "secret_base64_encoded", "public_key", "jwks_file",
          "verify_claims", "acceptable_clock_skew"));

  private static final long DEFAULT_CLOCK_SKEW_MILLIS = 5_000;
  private final Problems problems;

  AuthenticationReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * @param f the block holding the keys (the root, or a listener merged over the root's values)
   */
  AuthenticationConfig read(Fields f) throws ConfigException {
    ConfigValue chainValue = f.value("authentication");
    if (chainValue.valueType() != ConfigValueType.LIST) {
      throw f.problem("authentication", "expected a list of providers, e.g. [{mechanism = password_based,"
          + " user_file = \"etc/passwd\"}]");
    }
    List<Provider> chain = new ArrayList<>();
    ConfigList list = (ConfigList) chainValue;
    for (int i = 0; i < list.size(); i++) {
      String key = f.path("authentication") + "." + i;
      ConfigValue entry = list.get(i);
      if (entry.valueType() != ConfigValueType.OBJECT) {
        throw problems.at(entry, key, "expected a provider object {mechanism = ..., ...}");
      }
      chain.add(provider(key, (ConfigObject) entry));
    }
    String anonymous = f.wordOrBool("allow_anonymous", "true", "false", "loopback");
    String mode = f.wordOrBool("enable_authn", "true", "false", "quick_deny_anonymous");
    return new AuthenticationConfig(chain,
        switch (anonymous) {
          case "true" -> Authentication.Anonymous.ALLOW;
          case "false" -> Authentication.Anonymous.DENY;
          default -> Authentication.Anonymous.LOOPBACK;
        },
        switch (mode) {
          case "true" -> Authentication.Mode.ENABLED;
          case "false" -> Authentication.Mode.DISABLED;
          default -> Authentication.Mode.QUICK_DENY_ANONYMOUS;
        });
  }

  private Provider provider(String key, ConfigObject entry) throws ConfigException {
    Config c = entry.toConfig();
    Fields f = new Fields(c, key, problems);
    if (!entry.containsKey("mechanism")) {
      throw problems.atKey(entry.origin(), key, "missing mechanism (one of " + mechanisms() + ")");
    }
    String mechanism = f.word("mechanism", "password_based", "scram", "cert", "cert_and_password", "jwt");
    for (String k : entry.keySet()) {
      if (!KEYS.get(mechanism).contains(k)) {
        throw problems.atKey(entry.get(k).origin(), key + "." + k, "unknown key for mechanism = " + mechanism
            + Suggest.didYouMean(k, KEYS.get(mechanism)) + " (known: " + String.join(", ",
                KEYS.get(mechanism).stream().sorted().toList()) + ")");
      }
    }
    if (entry.containsKey("backend")) {
      f.word("backend", "built_in_database");
    }
    return switch (mechanism) {
      case "password_based" -> new AuthenticationConfig.PasswordBased(key, file(f, "user_file"));
      case "scram" -> new AuthenticationConfig.Scram(key, file(f, "user_file"),
          entry.containsKey("algorithm") ? f.word("algorithm", "sha256", "sha512") : "sha256");
      case "cert" -> new AuthenticationConfig.Cert(key);
      case "cert_and_password" -> new AuthenticationConfig.CertAndPassword(key, file(f, "user_file"),
          entry.containsKey("match") ? f.word("match", "cn", "dn", "none") : "cn");
      default -> jwt(key, entry, f);
    };
  }

  private AuthenticationConfig.Jwt jwt(String key, ConfigObject entry, Fields f) throws ConfigException {
    String from = entry.containsKey("from") ? f.word("from", "password", "username") : "password";
    if (!entry.containsKey("algorithm")) {
      throw problems.atKey(entry.origin(), key, "missing algorithm (hmac-based or public-key)");
    }
    String algorithm = f.word("algorithm", "hmac-based", "public-key");
    String secret = entry.containsKey("secret") ? f.string("secret") : "";
    String publicKey = entry.containsKey("public_key") ? f.string("public_key") : null;
    Path jwks = entry.containsKey("jwks_file") ? Path.of(f.string("jwks_file")) : null;
    if (algorithm.equals("hmac-based") && secret.isEmpty()) {
      throw problems.atKey(entry.origin(), key, "algorithm = hmac-based needs a secret");
    }
    if (algorithm.equals("public-key") && (publicKey == null) == (jwks == null)) {
      throw problems.atKey(entry.origin(), key, "algorithm = public-key needs public_key (a PEM file) or"
          + " jwks_file, one of them");
    }
    Map<String, String> claims = new LinkedHashMap<>();
    if (entry.containsKey("verify_claims")) {
      ConfigValue v = f.value("verify_claims");
      if (v.valueType() != ConfigValueType.OBJECT) {
        throw f.problem("verify_claims", "expected an object of claim = value, e.g. {sub = \"${username}\"}");
      }
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) v).entrySet()) {
        claims.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
    }
    return new AuthenticationConfig.Jwt(key, from, algorithm, secret,
        entry.containsKey("secret_base64_encoded") && f.bool("secret_base64_encoded"), publicKey, jwks, claims,
        entry.containsKey("acceptable_clock_skew") ? f.durationMillis("acceptable_clock_skew", 0, 3_600_000)
            : DEFAULT_CLOCK_SKEW_MILLIS);
  }

  private static Path file(Fields f, String key) throws ConfigException {
    String s = f.string(key).strip();
    if (s.isEmpty()) {
      throw f.problem(key, "expected a file path, e.g. \"etc/passwd\"");
    }
    return Path.of(s);
  }

  private static String mechanisms() {
    return "password_based, scram, cert, cert_and_password, jwt";
  }
}
