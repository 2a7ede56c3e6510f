package io.berth.core.security.jwt;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RSA and EC public keys of a PEM text: "PUBLIC KEY" blocks (SubjectPublicKeyInfo, what {@code openssl pkey
 * -pubout} writes) and "CERTIFICATE" blocks (the certificate's key), as JWKs.
 */
final class PemPublicKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  private PemPublicKeys() {}

  /** @throws IllegalArgumentException with the reason when a block cannot be used or there is no key at all */
  static List<JWK> parse(String pem) {
    List<JWK> keys = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the " + type + " block is not base64");
      }
      switch (type) {
        case "PUBLIC KEY" -> keys.add(jwk(publicKey(der)));
        case "CERTIFICATE" -> keys.add(jwk(certificate(der).getPublicKey()));
        case "RSA PUBLIC KEY" -> throw new IllegalArgumentException("PKCS#1 \"RSA PUBLIC KEY\" is not read: convert"
            + " it with openssl rsa -RSAPublicKey_in -pubout");
        default -> {
          if (type.contains("PRIVATE")) {
            throw new IllegalArgumentException("holds a private key: give the public key only (openssl pkey -pubout)");
          }
          throw new IllegalArgumentException("unexpected PEM block " + type + " (expected PUBLIC KEY or CERTIFICATE)");
        }
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no public key in it (expected -----BEGIN PUBLIC KEY-----)");
    }
    return keys;
  }

  private static PublicKey publicKey(byte[] der) {
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("a PUBLIC KEY that is neither RSA nor EC");
  }

  private static X509Certificate certificate(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("a CERTIFICATE that cannot be read: " + e.getMessage());
    }
  }

  private static JWK jwk(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    if (key instanceof ECPublicKey ec) {
      Curve curve = Curve.forECParameterSpec(ec.getParams());
      if (curve == null) {
        throw new IllegalArgumentException("an EC key on a curve JWS does not use (P-256, P-384, P-521)");
      }
      return new ECKey.Builder(curve, ec).build();
    }
    throw new IllegalArgumentException("a " + key.getAlgorithm() + " key (expected RSA or EC)");
  }
}
