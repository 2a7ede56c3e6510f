package io.berth.core.security.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What a SCRAM server stores for a user (RFC 5802 section 3):
 * {@code $scram-sha-256$i=<iterations>$<salt>$<StoredKey>$<ServerKey>} (or {@code scram-sha-512}), Base64 without
 * padding. Serves SCRAM enhanced authentication and also plain password login: the password is run through the same
 * derivation and the StoredKey and ServerKey compared.
 */
public final class ScramCredential implements PasswordHash {
  /** RFC 7677's minimum, and EMQX's default. */
  public static final int DEFAULT_ITERATIONS = 4096;
  public static final int SALT_BYTES = 16;
  private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

  private final ScramAlgorithm algorithm;
  private final int iterations;
  private final byte[] salt;
  private final byte[] storedKey;
  private final byte[] serverKey;

  private ScramCredential(ScramAlgorithm algorithm, int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    this.algorithm = algorithm;
    this.iterations = iterations;
    this.salt = salt;
    this.storedKey = storedKey;
    this.serverKey = serverKey;
  }

  /** A new credential with a random salt. */
  public static ScramCredential create(ScramAlgorithm algorithm, byte[] password, int iterations) {
    return derive(algorithm, password, Fields.salt(SALT_BYTES), iterations);
  }

  /** The credential of a password with a given salt (for known-answer tests, and the RFC's examples). */
  public static ScramCredential derive(ScramAlgorithm algorithm, byte[] password, byte[] salt, int iterations) {
    byte[] saltedPassword = algorithm.saltedPassword(password, salt, iterations);
    byte[] clientKey = algorithm.hmac(saltedPassword, CLIENT_KEY);
    return new ScramCredential(algorithm, iterations, salt.clone(), algorithm.hash(clientKey),
        algorithm.hmac(saltedPassword, SERVER_KEY));
  }

  /** A credential from its parts (the fake one a server shows for an unknown user, an import). */
  public static ScramCredential of(ScramAlgorithm algorithm, int iterations, byte[] salt, byte[] storedKey,
      byte[] serverKey) {
    if (storedKey.length != algorithm.length() || serverKey.length != algorithm.length()) {
      throw new IllegalArgumentException(algorithm.scheme() + " keys must have " + algorithm.length() + " bytes");
    }
    return new ScramCredential(algorithm, iterations, salt.clone(), storedKey.clone(), serverKey.clone());
  }

  static ScramCredential parse(String encoded) throws MalformedHashException {
    String scheme = encoded.startsWith("$scram-sha-256$") ? "scram-sha-256" : "scram-sha-512";
    ScramAlgorithm algorithm = scheme.equals("scram-sha-256") ? ScramAlgorithm.SHA_256 : ScramAlgorithm.SHA_512;
    String[] f = Fields.split(scheme, encoded, 5, "$" + scheme + "$i=<iterations>$<salt>$<StoredKey>$<ServerKey>");
    int iterations = Fields.param(scheme, "i", f[1], 1, Pbkdf2Sha512Hash.MAX_ITERATIONS);
    byte[] salt = Fields.fromB64(scheme, "salt", f[2]);
    byte[] storedKey = Fields.fromB64(scheme, "StoredKey", f[3]);
    byte[] serverKey = Fields.fromB64(scheme, "ServerKey", f[4]);
    if (storedKey.length != algorithm.length() || serverKey.length != algorithm.length()) {
      throw new MalformedHashException(scheme + " hash: StoredKey and ServerKey must have " + algorithm.length()
          + " bytes each");
    }
    return new ScramCredential(algorithm, iterations, salt, storedKey, serverKey);
  }

  public ScramAlgorithm algorithm() {
    return algorithm;
  }

  public int iterations() {
    return iterations;
  }

  public byte[] salt() {
    return salt.clone();
  }

  public byte[] storedKey() {
    return storedKey.clone();
  }

  public byte[] serverKey() {
    return serverKey.clone();
  }

  @Override
  public String scheme() {
    return algorithm.scheme();
  }

  @Override
  public boolean verify(byte[] password) {
    ScramCredential computed = derive(algorithm, password, salt, iterations);
    // Both compared, without a shortcut: the time does not tell which one differed.
    boolean stored = MessageDigest.isEqual(computed.storedKey, storedKey);
    boolean server = MessageDigest.isEqual(computed.serverKey, serverKey);
    return stored & server;
  }

  @Override
  public String encoded() {
    return "$" + algorithm.scheme() + "$i=" + iterations + "$" + Fields.b64(salt) + "$" + Fields.b64(storedKey) + "$"
        + Fields.b64(serverKey);
  }

  @Override
  public String toString() {
    return algorithm.scheme() + "(i=" + iterations + ")";
  }
}
