package io.berth.core.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The keys that may verify a token, and which of them fit a token's header. The algorithm a token names must belong
 * to the configured kind of key: HS* only with a secret, RS/PS* only with RSA keys, ES* only with EC keys of the
 * algorithm's curve. So "none" never verifies, and a public key is never used as an HMAC secret (the classic
 * RS256-to-HS256 confusion).
 */
public final class JwtKeys {
  /** RFC 7518 3.2: an HMAC key at least as long as the hash (256 bits for HS256). */
  private static final int MIN_SECRET_BYTES = 32;
  private final MACVerifier secret; // thread-safe, like the RSA and EC verifiers: each verify makes its own Mac
  private final List<Key> publicKeys;

  /** A public key and its verifier, made once. */
  private record Key(JWK jwk, JWSVerifier verifier) {}

  private JwtKeys(MACVerifier secret, List<Key> publicKeys) {
    this.secret = secret;
    this.publicKeys = List.copyOf(publicKeys);
  }

  /** Reads the secret or the key files the options name; the exception names the key at fault and why. */
  public static JwtKeys load(JwtOptions o) throws JwtConfigException {
    try {
      if (o.algorithm() == JwtOptions.Algorithm.HMAC_BASED) {
        return new JwtKeys(new MACVerifier(secret(o)), List.of());
      }
      List<Key> keys = new ArrayList<>();
      for (JWK k : publicKeys(o)) {
        keys.add(new Key(k, k instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) k)));
      }
      return new JwtKeys(null, keys);
    } catch (JOSEException e) {
      throw new JwtConfigException(o.algorithm() == JwtOptions.Algorithm.HMAC_BASED ? "secret" : "public_key",
          "cannot be used: " + e.getMessage());
    }
  }

  private static byte[] secret(JwtOptions o) throws JwtConfigException {
    if (o.secret() == null || o.secret().isEmpty()) {
      throw new JwtConfigException("secret", "algorithm = hmac-based needs a secret");
    }
    byte[] bytes;
    if (o.secretBase64Encoded()) {
      try {
        String s = o.secret().strip().replace('-', '+').replace('_', '/');
        bytes = Base64.getMimeDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw new JwtConfigException("secret", "not base64 (secret_base64_encoded = true)");
      }
    } else {
      bytes = o.secret().getBytes(StandardCharsets.UTF_8);
    }
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new JwtConfigException("secret", bytes.length + " bytes: HMAC secrets need at least " + MIN_SECRET_BYTES
          + " bytes (RFC 7518 3.2)");
    }
    return bytes;
  }

  private static List<JWK> publicKeys(JwtOptions o) throws JwtConfigException {
    boolean pem = o.publicKey() != null && !o.publicKey().isBlank();
    if (pem == (o.jwksFile() != null)) {
      throw new JwtConfigException(pem ? "jwks_file" : "public_key",
          "algorithm = public-key needs exactly one of public_key (PEM) and jwks_file");
    }
    if (pem) {
      String text = o.publicKey().strip().startsWith("-----BEGIN") ? o.publicKey()
          : read("public_key", Path.of(o.publicKey().strip()));
      try {
        return PemPublicKeys.parse(text);
      } catch (IllegalArgumentException e) {
        throw new JwtConfigException("public_key", e.getMessage());
      }
    }
    List<JWK> keys = new ArrayList<>();
    try {
      for (JWK k : JWKSet.parse(read("jwks_file", o.jwksFile())).getKeys()) {
        if ((k instanceof RSAKey || k instanceof ECKey) && !KeyUse.ENCRYPTION.equals(k.getKeyUse())) {
          keys.add(k.toPublicJWK()); // a set with private parts is accepted; only the public part is kept
        }
      }
    } catch (ParseException e) {
      throw new JwtConfigException("jwks_file", "not a JWK Set (" + e.getMessage() + ")");
    }
    if (keys.isEmpty()) {
      throw new JwtConfigException("jwks_file", "no RSA or EC signature key in it");
    }
    return keys;
  }

  private static String read(String key, Path file) throws JwtConfigException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new JwtConfigException(key, "no such file");
    } catch (IOException e) {
      throw new JwtConfigException(key, "cannot read it: " + e.getMessage());
    }
  }

  /** How many keys may verify tokens (1 for a secret). */
  public int size() {
    return secret != null ? 1 : publicKeys.size();
  }

  /** The verifiers worth trying for a token with this header; empty when its algorithm does not fit the keys. */
  List<JWSVerifier> verifiersFor(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    if (secret != null) {
      return JWSAlgorithm.Family.HMAC_SHA.contains(alg) ? List.of(secret) : List.of();
    }
    List<JWSVerifier> out = new ArrayList<>();
    for (Key k : publicKeys) {
      if (!fits(k.jwk(), header)) {
        continue;
      }
      if (k.jwk() instanceof RSAKey && JWSAlgorithm.Family.RSA.contains(alg)) {
        out.add(k.verifier());
      } else if (k.jwk() instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)
          && Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
        out.add(k.verifier());
      }
    }
    return out;
  }

  /** A key with a kid is only for tokens naming that kid; a key with an alg only for that alg (RFC 7517 4.4, 4.5). */
  private static boolean fits(JWK k, JWSHeader header) {
    if (k.getKeyID() != null && header.getKeyID() != null && !k.getKeyID().equals(header.getKeyID())) {
      return false;
    }
    return k.getAlgorithm() == null || k.getAlgorithm().equals(header.getAlgorithm());
  }
}
