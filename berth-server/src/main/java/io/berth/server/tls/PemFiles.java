package io.berth.server.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads PEM certificates and private keys (PKCS#8, PKCS#1 RSA, SEC1 EC; encrypted or not) and checks them, with a
 * reason an operator can act on for every failure: no such file, not PEM, wrong password, expired, key and
 * certificate not a pair.
 */
public final class PemFiles {
  private PemFiles() {}

  /** Every certificate in {@code file}, in order (a chain: leaf first). */
  public static List<X509Certificate> certificates(Path file) throws TlsProblem {
    return certificatesIn(read(file));
  }

  /** Every certificate in PEM text (sent to the API rather than read from a file), in order. */
  public static List<X509Certificate> certificatesIn(String pemText) throws TlsProblem {
    List<X509Certificate> certs = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser pem = new PEMParser(new StringReader(pemText))) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof X509CertificateHolder h) {
          certs.add(converter.getCertificate(h));
        }
      }
    } catch (TlsProblem e) {
      throw e;
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsProblem(null, "not a PEM certificate file (" + e.getMessage() + ")");
    }
    if (certs.isEmpty()) {
      throw new TlsProblem(null, "no certificate in it (expected -----BEGIN CERTIFICATE-----)");
    }
    return certs;
  }

  /** The first private key in {@code file}; {@code password} decrypts an encrypted one (null: none). */
  public static PrivateKey privateKey(Path file, String password) throws TlsProblem {
    return privateKeyIn(read(file), password);
  }

  /** The first private key in PEM text; {@code password} decrypts an encrypted one (null: none). */
  public static PrivateKey privateKeyIn(String pemText, String password) throws TlsProblem {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser pem = new PEMParser(new StringReader(pemText))) {
      for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
          return converter.getPrivateKey(enc.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(new BouncyCastleProvider())
                  .build(needPassword(password))));
        }
        if (o instanceof PEMEncryptedKeyPair enc) {
          return converter.getKeyPair(enc.decryptKeyPair(
              new JcePEMDecryptorProviderBuilder().setProvider(new BouncyCastleProvider())
                  .build(needPassword(password)))).getPrivate();
        }
      }
    } catch (TlsProblem e) {
      throw e;
    } catch (PKCSException | org.bouncycastle.openssl.EncryptionException e) {
      throw new TlsProblem(null, "cannot decrypt the key: wrong password?");
    } catch (IOException | OperatorCreationException e) {
      throw new TlsProblem(null, "not a PEM private key file (" + e.getMessage() + ")");
    }
    throw new TlsProblem(null, "no private key in it (expected -----BEGIN PRIVATE KEY-----)");
  }

  private static char[] needPassword(String password) throws TlsProblem {
    if (password == null || password.isEmpty()) {
      throw new TlsProblem(null, "the key is encrypted: set ssl_options.password");
    }
    return password.toCharArray();
  }

  /** Refuses a certificate that has expired or is not valid yet. */
  public static void checkValidity(List<X509Certificate> certs, Date now) throws TlsProblem {
    for (X509Certificate c : certs) {
      String who = " (" + c.getSubjectX500Principal().getName() + ")";
      try {
        c.checkValidity(now);
      } catch (CertificateExpiredException e) {
        throw new TlsProblem(null, "certificate expired on " + c.getNotAfter().toInstant() + who);
      } catch (CertificateNotYetValidException e) {
        throw new TlsProblem(null, "certificate not valid before " + c.getNotBefore().toInstant() + who);
      }
    }
  }

  /** Refuses a key that is not the certificate's: signs a test message with it and verifies with the certificate. */
  public static void checkPair(PrivateKey key, X509Certificate cert) throws TlsProblem {
    String alg = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "DSA" -> "SHA256withDSA";
      default -> null;
    };
    if (alg == null) {
      return; // an algorithm we cannot test here; the handshake will tell
    }
    boolean ok;
    try {
      byte[] probe = "berth key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      ok = v.verify(sig);
    } catch (GeneralSecurityException e) {
      ok = false; // e.g. an EC key against an RSA certificate
    }
    if (!ok) {
      throw new TlsProblem(null, "the key does not match the certificate (" + cert.getSubjectX500Principal().getName()
          + ")");
    }
  }

  static String read(Path file) throws TlsProblem {
    return new String(readBytes(file), StandardCharsets.US_ASCII);
  }

  /** The file's bytes, or a {@link TlsProblem} saying why not (no such file, permission denied, a directory). */
  static byte[] readBytes(Path file) throws TlsProblem {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TlsProblem(null, "no such file");
    } catch (AccessDeniedException e) {
      throw new TlsProblem(null, "permission denied");
    } catch (IOException e) {
      throw new TlsProblem(null, Files.isDirectory(file) ? "is a directory" : "cannot read it: " + e.getMessage());
    }
  }
}
