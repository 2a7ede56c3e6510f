package io.berth.core.security.password;

/**
 * The entry point for stored password hashes: parse any known textual form, verify a password against it, create a
 * new one. Which form is which:
 *
 * <ul>
 *   <li>{@code $2a$}, {@code $2b$}, {@code $2y$}: bcrypt ({@link BcryptHash})
 *   <li>{@code $pbkdf2-sha512$}: PBKDF2-HMAC-SHA512 ({@link Pbkdf2Sha512Hash})
 *   <li>{@code $argon2id$} (and {@code $argon2i$}, {@code $argon2d$}): Argon2 ({@link Argon2Hash})
 *   <li>{@code $6$}, {@code $7$}: Mosquitto's ({@link MosquittoSha512Hash}, {@link MosquittoPbkdf2Hash})
 *   <li>{@code $emqx-<md5|sha|sha256|sha512>$}, {@code $emqx-pbkdf2-<mac>$}: imported from EMQX
 *       ({@link EmqxSaltedHash}, {@link EmqxPbkdf2Hash})
 *   <li>{@code $scram-sha-256$}, {@code $scram-sha-512$}: SCRAM credentials ({@link ScramCredential})
 * </ul>
 */
public final class PasswordHashes {
  private PasswordHashes() {}

  /** Parses a stored hash; the exception's message says what is wrong, without quoting the hash. */
  public static PasswordHash parse(String encoded) throws MalformedHashException {
    if (encoded == null || encoded.isEmpty()) {
      throw new MalformedHashException("empty password hash");
    }
    if (encoded.charAt(0) != '$') {
      throw new MalformedHashException(
          "not a password hash (it must start with '$': a plain-text password? set it with berth passwd)");
    }
    if (encoded.startsWith("$2a$") || encoded.startsWith("$2b$") || encoded.startsWith("$2y$")) {
      return BcryptHash.parse(encoded);
    }
    if (encoded.startsWith("$pbkdf2-sha512$")) {
      return Pbkdf2Sha512Hash.parse(encoded);
    }
    if (encoded.startsWith("$argon2id$") || encoded.startsWith("$argon2i$") || encoded.startsWith("$argon2d$")) {
      return Argon2Hash.parse(encoded);
    }
    if (encoded.startsWith("$7$")) {
      return MosquittoPbkdf2Hash.parse(encoded);
    }
    if (encoded.startsWith("$6$")) {
      return MosquittoSha512Hash.parse(encoded);
    }
    if (encoded.startsWith("$scram-sha-256$") || encoded.startsWith("$scram-sha-512$")) {
      return ScramCredential.parse(encoded);
    }
    if (encoded.startsWith("$emqx-pbkdf2-")) {
      return EmqxPbkdf2Hash.parse(encoded);
    }
    if (encoded.startsWith("$emqx-")) {
      return EmqxSaltedHash.parse(encoded);
    }
    int end = encoded.indexOf('$', 1);
    String id = end < 0 ? encoded : encoded.substring(0, end + 1);
    throw new MalformedHashException("unknown password hash scheme"
        + (id.length() <= 24 && id.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? " " + id : "")
        + " (known: $2a$/$2b$/$2y$ bcrypt, $pbkdf2-sha512$, $argon2id$, $6$, $7$, $scram-sha-256$, $scram-sha-512$,"
        + " $emqx-...$)");
  }

  /** Whether the password matches the stored hash. */
  public static boolean verify(String encoded, byte[] password) throws MalformedHashException {
    return parse(encoded).verify(password);
  }

  /** A new hash of the password in a scheme, with its default parameters (a random salt each time). */
  public static PasswordHash create(Scheme scheme, byte[] password) {
    return switch (scheme) {
      case BCRYPT -> BcryptHash.create(password, BcryptHash.DEFAULT_COST);
      case PBKDF2_SHA512 -> Pbkdf2Sha512Hash.create(password, Pbkdf2Sha512Hash.DEFAULT_ITERATIONS);
      case ARGON2ID -> Argon2Hash.create(password, Argon2Hash.DEFAULT_MEMORY_KIB, Argon2Hash.DEFAULT_ITERATIONS,
          Argon2Hash.DEFAULT_PARALLELISM);
      case SCRAM_SHA_256 -> ScramCredential.create(ScramAlgorithm.SHA_256, password,
          ScramCredential.DEFAULT_ITERATIONS);
      case SCRAM_SHA_512 -> ScramCredential.create(ScramAlgorithm.SHA_512, password,
          ScramCredential.DEFAULT_ITERATIONS);
      case MOSQUITTO_PBKDF2 -> MosquittoPbkdf2Hash.create(password, MosquittoPbkdf2Hash.DEFAULT_ITERATIONS);
    };
  }
}
