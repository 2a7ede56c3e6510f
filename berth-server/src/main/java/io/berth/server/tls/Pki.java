package io.berth.server.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority with BouncyCastle: EC P-256 keys, SHA-256 signatures, PEM files. {@code berth certs
 * init} uses it, and so do the tests (which also need expired and foreign certificates).
 */
public final class Pki {
  private Pki() {}

  /** A certificate and its key pair. */
  public record Issued(X509Certificate cert, KeyPair keys) {}

  /** What a leaf certificate is for (Extended Key Usage). */
  public enum Usage {
    SERVER,
    CLIENT
  }

  public static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** A self-signed CA certificate. */
  public static Issued newCa(String commonName, Instant from, Instant to) throws GeneralSecurityException {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("O=Berth,CN=" + commonName); // ASN.1 order; shown as CN=...,O=Berth
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(from), Date.from(to),
          name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Issued(sign(b, keys.getPrivate()), keys);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** A leaf certificate signed by {@code ca}; {@code names} become Subject Alternative Names (DNS or IP). */
  public static Issued issue(Issued ca, String commonName, List<String> names, Usage usage, Instant from,
      Instant to) throws GeneralSecurityException {
    KeyPair keys = newKeyPair();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), serial(), Date.from(from),
          Date.from(to), new X500Name("O=Berth,CN=" + commonName), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert()));
      if (!names.isEmpty()) {
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
          sans.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      }
      return new Issued(sign(b, ca.keys().getPrivate()), keys);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  static boolean isIpLiteral(String s) {
    if (!s.matches("[0-9.]+") && !s.contains(":")) {
      return false;
    }
    try {
      InetAddress.getByName(s); // a literal: no lookup
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A certificate revocation list of {@code ca} (RFC 5280 5) revoking {@code revoked} (reason keyCompromise), valid
   * from {@code from} to {@code nextUpdate}.
   */
  public static X509CRL crl(Issued ca, List<X509Certificate> revoked, Instant from, Instant nextUpdate)
      throws GeneralSecurityException {
    X509v2CRLBuilder b = new JcaX509v2CRLBuilder(ca.cert().getSubjectX500Principal(), Date.from(from))
        .setNextUpdate(Date.from(nextUpdate));
    for (X509Certificate c : revoked) {
      b.addCRLEntry(c.getSerialNumber(), Date.from(from), CRLReason.keyCompromise);
    }
    try {
      return new JcaX509CRLConverter().getCRL(b.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keys().getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** Writes a CRL as PEM (-----BEGIN X509 CRL-----). */
  public static void writeCrl(Path file, X509CRL crl) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(crl);
    }
    Files.writeString(file, s.toString());
  }

  /** Writes certificates as PEM. */
  public static void writeCertificates(Path file, X509Certificate... certs) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    }
    Files.writeString(file, s.toString());
  }

  /** Writes a private key as PKCS#8 PEM, encrypted with AES-256 when {@code password} is not null; mode 600. */
  public static void writeKey(Path file, PrivateKey key, String password) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      OutputEncryptor enc = password == null ? null
          : new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
              .setProvider(new BouncyCastleProvider()).setPassword(password.toCharArray()).build();
      w.writeObject(new JcaPKCS8Generator(key, enc));
    } catch (OperatorCreationException e) {
      throw new IOException(e);
    }
    Files.writeString(file, s.toString());
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }
}
