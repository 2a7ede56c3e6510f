package io.berth.server.tls;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code ssl_options.crlfile}: certificate revocation lists (RFC 5280 5), each signed by a CA of {@code cacertfile}.
 * A client whose certificate (or an intermediate CA certificate it sends) is listed is refused in the handshake. Our
 * own check after the JDK's chain validation, not the JDK's PKIX revocation checking: that one refuses every
 * certificate whose issuer has no CRL, and this one works the same under BoringSSL and the JDK's TLS.
 */
final class CrlCheck {
  static final CrlCheck NONE = new CrlCheck(List.of());
  private final List<X509CRL> crls;

  private CrlCheck(List<X509CRL> crls) {
    this.crls = List.copyOf(crls);
  }

  /** Reads {@code file} (PEM "X509 CRL" blocks or DER) and checks each list's signature against its CA. */
  static CrlCheck load(Path file, List<X509Certificate> cas) throws TlsProblem {
    byte[] bytes = PemFiles.readBytes(file);
    List<X509CRL> crls = new ArrayList<>();
    try {
      Collection<? extends CRL> read = CertificateFactory.getInstance("X.509")
          .generateCRLs(new ByteArrayInputStream(bytes));
      for (CRL c : read) {
        crls.add((X509CRL) c);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new TlsProblem(null, "not a CRL file (" + e.getMessage() + ")");
    }
    if (crls.isEmpty()) {
      throw new TlsProblem(null, "no CRL in it (expected -----BEGIN X509 CRL-----)");
    }
    for (X509CRL crl : crls) {
      verify(crl, cas);
    }
    return new CrlCheck(crls);
  }

  /** A CRL counts only when a CA we trust signed it: anyone could write a list that revokes nothing. */
  private static void verify(X509CRL crl, List<X509Certificate> cas) throws TlsProblem {
    String issuer = crl.getIssuerX500Principal().getName();
    for (X509Certificate ca : cas) {
      if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        try {
          crl.verify(ca.getPublicKey());
          return;
        } catch (GeneralSecurityException e) {
          throw new TlsProblem(null, "the CRL of " + issuer + " is not signed by that CA's key in cacertfile");
        }
      }
    }
    throw new TlsProblem(null, "the CRL's issuer " + issuer + " is not a CA in cacertfile");
  }

  /** Refuses a chain with a revoked certificate; called after the chain was validated against the CAs. */
  void check(X509Certificate[] chain) throws CertificateException {
    for (X509Certificate cert : chain) {
      for (X509CRL crl : crls) {
        if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
          continue;
        }
        X509CRLEntry entry = crl.getRevokedCertificate(cert);
        if (entry != null) {
          CRLReason reason = entry.getRevocationReason() == null ? CRLReason.UNSPECIFIED : entry.getRevocationReason();
          throw new CertificateRevokedException(entry.getRevocationDate(), reason, crl.getIssuerX500Principal(),
              Map.of());
        }
      }
    }
  }
}
