package io.berth.server.client;

import io.berth.server.quic.QuicClient;
import io.berth.server.tls.QuicTls;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client's TLS settings and the contexts made from them, for TCP (ssl, wss) and QUIC alike: whom to trust (CAs,
 * the system's, anything, or one pinned certificate) and which certificate to present.
 *
 * @param cas the CAs that sign the broker's certificate; null: the system's
 * @param insecure trust any certificate and any name (testing only)
 * @param pinned trust exactly this certificate (a listener's own, for its self-test), the name unchecked; or null
 * @param key with {@code chain}: the client certificate for mutual TLS, or null
 */
public record ClientTls(X509Certificate[] cas, boolean insecure, X509Certificate pinned, PrivateKey key,
    X509Certificate[] chain) {

  /** The system's CAs, names checked, no client certificate. */
  public static final ClientTls DEFAULT = new ClientTls(null, false, null, null, null);

  /** Trust exactly {@code certificate}. */
  public static ClientTls pinning(X509Certificate certificate) {
    return new ClientTls(null, false, certificate, null, null);
  }

  public SslContext tcpContext() throws SSLException {
    SslContextBuilder b = SslContextBuilder.forClient()
        .protocols("TLSv1.3", "TLSv1.2")
        // Check the broker's name against its certificate (RFC 6125), unless trusting anything or one certificate
        .endpointIdentificationAlgorithm(checksName() ? "HTTPS" : null);
    TrustManagerFactory trust = trust();
    if (trust != null) {
      b.trustManager(trust);
    } else if (cas != null) {
      b.trustManager(cas);
    }
    if (key != null) {
      b.keyManager(key, chain);
    }
    return b.build();
  }

  public QuicSslContext quicContext() {
    return QuicClient.context(cas, trust(), key, chain, QuicTls.ALPN);
  }

  private boolean checksName() {
    return !insecure && pinned == null;
  }

  private TrustManagerFactory trust() {
    if (insecure) {
      return InsecureTrustManagerFactory.INSTANCE;
    }
    return pinned == null ? null : FingerprintTrustManagerFactory.builder("SHA-256").fingerprints(sha256(pinned))
        .build();
  }

  private static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint the certificate " + c.getSubjectX500Principal(), e);
    }
  }
}
