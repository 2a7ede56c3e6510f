package io.berth.server.api.tester;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a TLS handshake agreed, as the API shows it: {@code {protocol, cipher, peer_certificates: [{subject, issuer,
 * not_after}]}}, the server's chain leaf first.
 */
record TlsInfo(String protocol, String cipher, List<Peer> peerCertificates) {
  record Peer(String subject, String issuer, String notAfter) {}

  /** The session's details, or null without TLS. */
  static TlsInfo of(SSLSession session) {
    if (session == null) {
      return null;
    }
    List<Peer> peers = new ArrayList<>();
    try {
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          peers.add(new Peer(x.getSubjectX500Principal().getName(), x.getIssuerX500Principal().getName(),
              x.getNotAfter().toInstant().toString()));
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      // no certificates to show (should not happen once the handshake is done)
    }
    return new TlsInfo(session.getProtocol(), session.getCipherSuite(), List.copyOf(peers));
  }
}
