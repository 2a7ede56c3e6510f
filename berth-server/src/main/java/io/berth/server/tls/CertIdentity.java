package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.berth.server.config.TlsOptions.CertField;
import io.berth.server.connection.PeerAttributes;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** What a verified client certificate names: its subject's CN or whole DN (peer_cert_as_username/_clientid). */
public final class CertIdentity {
  private CertIdentity() {}

  /** What the connection keeps of a verified client certificate; null without one. */
  public static PeerAttributes.CertNames names(X509Certificate cert, TlsOptions options) {
    if (cert == null) {
      return null;
    }
    return new PeerAttributes.CertNames(of(cert, options.certAsUsername()), of(cert, options.certAsClientId()),
        of(cert, CertField.CN), of(cert, CertField.DN));
  }

  /** The field of the certificate's subject, or null when disabled or absent. */
  public static String of(X509Certificate cert, CertField field) {
    if (cert == null || field == CertField.DISABLED) {
      return null;
    }
    String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    if (field == CertField.DN) {
      return dn;
    }
    try {
      String cn = null;
      for (Rdn rdn : new LdapName(dn).getRdns()) { // least significant last: keep the last CN
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        }
      }
      return cn;
    } catch (InvalidNameException e) {
      return null;
    }
  }
}
