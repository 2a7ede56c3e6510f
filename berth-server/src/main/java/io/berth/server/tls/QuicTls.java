package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import java.security.cert.X509Certificate;

/** TLS for quic listeners: always TLS 1.3 (RFC 9001 §4.2) in BoringSSL, ALPN "mqtt" as EMQX and its clients use. */
public final class QuicTls {
  /** The application protocol of MQTT over QUIC; a client offering only others fails the handshake. */
  public static final String ALPN = "mqtt";

  private QuicTls() {}

  /** Reads and checks the files (a {@link TlsProblem} names the key at fault), then builds the context. */
  public static QuicSslContext serverContext(TlsOptions o) throws TlsProblem {
    ServerTls.Material m = ServerTls.load(o);
    QuicSslContextBuilder b = QuicSslContextBuilder.forServer(m.key(), null,
            m.chain().toArray(X509Certificate[]::new))
        .applicationProtocols(ALPN);
    if (o.verifyPeer()) {
      b.trustManager(ServerTls.trustManager(m.clientCas(), o.depth()))
          .clientAuth(o.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
    }
    try {
      return b.build();
    } catch (RuntimeException e) {
      throw new TlsProblem("certfile", "not accepted by BoringSSL (QUIC): " + e.getMessage());
    }
  }
}
