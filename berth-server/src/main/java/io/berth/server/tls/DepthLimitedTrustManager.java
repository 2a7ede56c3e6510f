package io.berth.server.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client certificate checks: the JDK's PKIX validation against the configured CA, then {@code ssl_options.depth}:
 * at most that many intermediate CA certificates between the client's certificate and the CA (OpenSSL's verify
 * depth, as EMQX uses it); then {@code ssl_options.crlfile}: no certificate of the chain revoked.
 */
final class DepthLimitedTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private final int depth;
  private final CrlCheck revoked;

  DepthLimitedTrustManager(X509ExtendedTrustManager pkix, int depth, CrlCheck revoked) {
    this.pkix = pkix;
    this.depth = depth;
    this.revoked = revoked;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
    checkDepth(chain);
    revoked.check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
    checkDepth(chain);
    revoked.check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkClientTrusted(chain, authType);
    checkDepth(chain);
    revoked.check(chain);
  }

  private void checkDepth(X509Certificate[] chain) throws CertificateException {
    int intermediates = chain.length - 1;
    X509Certificate last = chain[chain.length - 1];
    if (chain.length > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      intermediates--; // the client also sent the root
    }
    if (intermediates > depth) {
      throw new CertificateException(intermediates + " intermediate certificates, ssl_options.depth allows " + depth);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    pkix.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
