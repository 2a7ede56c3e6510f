package io.berth.core.security.cert;

/**
 * An {@code authentication} chain member with {@code mechanism = cert} or {@code cert_and_password}.
 *
 * @param mechanism a certificate alone, or a certificate and a password together (two factors)
 * @param match cert_and_password: what of the certificate the MQTT user name must equal
 */
public record CertAuthOptions(Mechanism mechanism, Match match) {

  public static CertAuthOptions certOnly() {
    return new CertAuthOptions(Mechanism.CERT, Match.CN);
  }

  public static CertAuthOptions certAndPassword(Match match) {
    return new CertAuthOptions(Mechanism.CERT_AND_PASSWORD, match);
  }

  /** {@code mechanism = cert | cert_and_password}. */
  public enum Mechanism {
    CERT,
    CERT_AND_PASSWORD
  }

  /** {@code match = cn | dn | none}: the user name equals the certificate's CN, its subject DN, or anything. */
  public enum Match {
    CN,
    DN,
    NONE
  }
}
