package io.berth.core.security.password;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The schemes Berth can create hashes in ({@link PasswordHashes#create}); others are only read. */
public enum Scheme {
  /** {@code $2b$10$...}: the default for new users. */
  BCRYPT("bcrypt"),
  /** {@code $pbkdf2-sha512$i=210000$salt$hash}. */
  PBKDF2_SHA512("pbkdf2-sha512"),
  /** {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}. */
  ARGON2ID("argon2id"),
  /** {@code $scram-sha-256$i=4096$salt$StoredKey$ServerKey}: password login and SCRAM-SHA-256. */
  SCRAM_SHA_256("scram-sha-256"),
  /** {@code $scram-sha-512$i=4096$salt$StoredKey$ServerKey}: password login and SCRAM-SHA-512. */
  SCRAM_SHA_512("scram-sha-512"),
  /** Mosquitto's {@code $7$} (PBKDF2-SHA512), for a file that Mosquitto reads too. */
  MOSQUITTO_PBKDF2("mosquitto-pbkdf2");

  private final String id;

  Scheme(String id) {
    this.id = id;
  }

  /** The name on the command line and in the docs: "bcrypt", "pbkdf2-sha512", ... */
  public String id() {
    return id;
  }

  public static Optional<Scheme> byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  /** "bcrypt, pbkdf2-sha512, ...", for messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Scheme::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
