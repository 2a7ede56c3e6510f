package io.berth.core.security.password;

import java.security.MessageDigest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 PHC strings as libargon2 writes them (and so Mosquitto 2.1):
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, Base64 without padding. Created as argon2id
 * with OWASP's parameters; argon2i and argon2d hashes, and the version 16 ones without {@code v=}, are read too.
 */
public final class Argon2Hash implements PasswordHash {
  public static final int DEFAULT_MEMORY_KIB = 19_456;
  public static final int DEFAULT_ITERATIONS = 2;
  public static final int DEFAULT_PARALLELISM = 1;
  /** A larger memory cost would let one login take a gigabyte: refused when read. */
  static final int MAX_MEMORY_KIB = 1 << 20;
  static final int MAX_ITERATIONS = 1000;
  private static final String FORMAT = "$argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>";

  private final String type;
  private final int version;
  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final byte[] salt;
  private final byte[] hash;

  private Argon2Hash(String type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
      byte[] hash) {
    this.type = type;
    this.version = version;
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.salt = salt;
    this.hash = hash;
  }

  static Argon2Hash parse(String encoded) throws MalformedHashException {
    String[] f = encoded.substring(1).split("\\$", -1);
    String type = f[0];
    if (!type.equals("argon2id") && !type.equals("argon2i") && !type.equals("argon2d")) {
      throw new MalformedHashException("argon2 hash: unknown type " + type);
    }
    int version = Argon2Parameters.ARGON2_VERSION_10;
    int i = 1;
    if (f.length == 5) {
      version = Fields.param(type, "v", f[1], 0, Integer.MAX_VALUE);
      if (version != Argon2Parameters.ARGON2_VERSION_10 && version != Argon2Parameters.ARGON2_VERSION_13) {
        throw new MalformedHashException(type + " hash: unknown version " + version + " (16 and 19 are known)");
      }
      i = 2;
    } else if (f.length != 4) {
      throw new MalformedHashException(type + " hash: expected " + FORMAT.replace("argon2id", type));
    }
    String[] params = f[i].split(",", -1);
    if (params.length != 3) {
      throw new MalformedHashException(type + " hash: expected m=<KiB>,t=<iterations>,p=<lanes>");
    }
    int p = Fields.param(type, "p", params[2], 1, 255);
    int m = Fields.param(type, "m", params[0], 8 * p, MAX_MEMORY_KIB);
    int t = Fields.param(type, "t", params[1], 1, MAX_ITERATIONS);
    byte[] salt = Fields.fromB64(type, "salt", f[i + 1]);
    byte[] hash = Fields.fromB64(type, "hash", f[i + 2]);
    if (salt.length < 8) {
      throw new MalformedHashException(type + " hash: the salt must have at least 8 bytes");
    }
    if (hash.length < 4) {
      throw new MalformedHashException(type + " hash: the hash must have at least 4 bytes");
    }
    return new Argon2Hash(type, version, m, t, p, salt, hash);
  }

  public static Argon2Hash create(byte[] password, int memoryKib, int iterations, int parallelism) {
    byte[] salt = Fields.salt(16);
    byte[] hash = compute("argon2id", Argon2Parameters.ARGON2_VERSION_13, memoryKib, iterations, parallelism, salt,
        password, 32);
    return new Argon2Hash("argon2id", Argon2Parameters.ARGON2_VERSION_13, memoryKib, iterations, parallelism, salt,
        hash);
  }

  private static byte[] compute(String type, int version, int memoryKib, int iterations, int parallelism,
      byte[] salt, byte[] password, int length) {
    int t = switch (type) {
      case "argon2i" -> Argon2Parameters.ARGON2_i;
      case "argon2d" -> Argon2Parameters.ARGON2_d;
      default -> Argon2Parameters.ARGON2_id;
    };
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(t)
        .withVersion(version)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build());
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }

  @Override
  public String scheme() {
    return type;
  }

  @Override
  public boolean verify(byte[] password) {
    byte[] computed = compute(type, version, memoryKib, iterations, parallelism, salt, password, hash.length);
    return MessageDigest.isEqual(computed, hash);
  }

  @Override
  public String encoded() {
    return "$" + type + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
        + Fields.b64(salt) + "$" + Fields.b64(hash);
  }

  @Override
  public String toString() {
    return type + "(m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + ")";
  }
}
