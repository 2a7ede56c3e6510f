package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.ReferenceCountUtil;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for quic listeners: always TLS 1.3 (RFC 9001 §4.2) in BoringSSL, ALPN "mqtt" as EMQX and its clients use. One
 * context per listener for its whole life (the QUIC codec is built with it), but the certificate, key and client
 * CAs it uses are asked for at each handshake: {@link #reloadIfChanged()} swaps them, as {@link TlsHead} does for ssl
 * and wss listeners, so that new connections get new files and connected clients stay.
 */
public final class QuicTls implements AutoCloseable {
  /** The application protocol of MQTT over QUIC; a client offering only others fails the handshake. */
  public static final String ALPN = "mqtt";
  private static final String ALIAS = "berth";

  private final TlsOptions options;
  private final QuicSslContext context;
  private volatile Material current;
  private String refusedFingerprint; // the files last refused, so that a bad file is reported once
  private String refusedMessage;
  private boolean closed;

  /** What handshakes use now: key, chain, the client CAs' trust manager (verify_peer), the files' fingerprint. */
  private record Material(PrivateKey key, X509Certificate[] chain, X509ExtendedTrustManager trust,
                          String fingerprint) {}

  private QuicTls(TlsOptions options, Material material) throws TlsProblem {
    this.options = options;
    this.current = material;
    QuicSslContextBuilder b = QuicSslContextBuilder.forServer(new CurrentKey(), null).applicationProtocols(ALPN);
    if (options.verifyPeer()) {
      b.trustManager(new CurrentTrust())
          .clientAuth(options.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
    }
    try {
      this.context = b.build();
    } catch (RuntimeException e) {
      throw new TlsProblem("certfile", "not accepted by BoringSSL (QUIC): " + e.getMessage());
    }
  }

  /** Reads and checks the files (a {@link TlsProblem} names the key at fault), then builds the context. */
  public static QuicTls create(TlsOptions o) throws TlsProblem {
    return new QuicTls(o, load(o, TlsFiles.fingerprint(o)));
  }

  private static Material load(TlsOptions o, String fingerprint) throws TlsProblem {
    ServerTls.Material m = ServerTls.load(o);
    X509ExtendedTrustManager trust = null;
    if (o.verifyPeer() && ServerTls.trustManager(m.clientCas(), o.depth(), m.revoked()) instanceof X509ExtendedTrustManager t) {
      trust = t;
    }
    return new Material(m.key(), m.chain().toArray(X509Certificate[]::new), trust, fingerprint);
  }

  /** For the QUIC codec: one context, whose key material follows the reloads. */
  public QuicSslContext context() {
    return context;
  }

  /** The certificate new handshakes present (the chain's leaf). */
  public X509Certificate certificate() {
    return current.chain()[0];
  }

  /**
   * Reads the files again if their contents changed, and uses them for new handshakes if they are good; bad files are
   * refused and the current certificate kept (the same outcomes and messages as {@link TlsHead#reloadIfChanged()}).
   */
  public synchronized TlsHead.Check reloadIfChanged() {
    Material old = current;
    String fingerprint = TlsFiles.fingerprint(options);
    if (closed || fingerprint.equals(old.fingerprint())) {
      refusedFingerprint = null;
      return new TlsHead.Check(TlsHead.Outcome.UNCHANGED, "unchanged, " + TlsHead.describe(old.chain()[0]), false);
    }
    if (fingerprint.equals(refusedFingerprint)) {
      return new TlsHead.Check(TlsHead.Outcome.REFUSED, refusedMessage, false);
    }
    try {
      current = load(options, fingerprint);
    } catch (TlsProblem p) {
      String file = p.key() == null ? "" : "ssl_options." + p.key() + " = \"" + fileOf(p.key()) + "\": ";
      refusedFingerprint = fingerprint;
      refusedMessage = "new certificate files refused: " + file + p.getMessage() + "; keeping "
          + TlsHead.describe(old.chain()[0]);
      return new TlsHead.Check(TlsHead.Outcome.REFUSED, refusedMessage, true);
    }
    refusedFingerprint = null;
    return new TlsHead.Check(TlsHead.Outcome.RELOADED, "certificate reloaded: " + TlsHead.describe(certificate()),
        true);
  }

  private Object fileOf(String key) {
    return switch (key) {
      case "certfile" -> options.certfile();
      case "keyfile" -> options.keyfile();
      case "cacertfile" -> options.cacertfile();
      case "crlfile" -> options.crlfile();
      default -> key;
    };
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      ReferenceCountUtil.release(context);
    }
  }

  /** The key and chain of the moment, asked for by BoringSSL at each handshake (one alias: there is one pair). */
  private final class CurrentKey extends X509ExtendedKeyManager {
    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return current.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return current.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** The client CAs of the moment (verify_peer). */
  private final class CurrentTrust extends X509ExtendedTrustManager {
    private X509ExtendedTrustManager trust() throws CertificateException {
      X509ExtendedTrustManager t = current.trust();
      if (t == null) {
        throw new CertificateException("no client CA");
      }
      return t;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      trust().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      trust().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      trust().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a server does not check servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a server does not check servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a server does not check servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      Material m = current;
      return m.trust() == null ? new X509Certificate[0] : m.trust().getAcceptedIssuers();
    }
  }
}
