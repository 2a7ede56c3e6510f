package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Server-side TLS for ssl and wss listeners: the files checked, then one Netty SslContext per listener. */
public final class ServerTls {
  private ServerTls() {}

  /** BoringSSL (netty-tcnative) when its native library loads on this machine, the JDK's TLS otherwise. */
  public static SslProvider bestProvider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /** "BoringSSL" or "JDK": for the banner and logs. */
  public static String providerName(SslProvider provider) {
    return provider == SslProvider.JDK ? "JDK" : OpenSsl.versionString();
  }

  /** The certificate chain, its key, the client CAs and the revoked client certificates, read and checked. */
  public record Material(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientCas,
                         CrlCheck revoked) {}

  /** Reads and checks every file the options name; a {@link TlsProblem} names the key at fault and why. */
  public static Material load(TlsOptions o) throws TlsProblem {
    Date now = new Date();
    List<X509Certificate> chain = at("certfile", () -> PemFiles.certificates(o.certfile()));
    at("certfile", () -> {
      PemFiles.checkValidity(chain, now);
      return null;
    });
    PrivateKey key = at("keyfile", () -> PemFiles.privateKey(o.keyfile(), o.password()));
    at("keyfile", () -> {
      PemFiles.checkPair(key, chain.get(0));
      return null;
    });
    List<X509Certificate> cas = List.of();
    CrlCheck revoked = CrlCheck.NONE;
    if (o.verifyPeer()) {
      Path ca = o.cacertfile();
      cas = at("cacertfile", () -> PemFiles.certificates(ca));
      List<X509Certificate> checked = cas;
      at("cacertfile", () -> {
        PemFiles.checkValidity(checked, now);
        return null;
      });
      if (o.crlfile() != null) {
        revoked = at("crlfile", () -> CrlCheck.load(o.crlfile(), checked));
      }
    }
    return new Material(chain, key, cas, revoked);
  }

  /** Builds the listener's context with {@code provider}; the files are read again (they may have changed). */
  public static SslContext build(TlsOptions o, SslProvider provider) throws TlsProblem {
    return build(o, load(o), provider);
  }

  /** Builds a context from material already read and checked by {@link #load}. */
  public static SslContext build(TlsOptions o, Material m, SslProvider provider) throws TlsProblem {
    SslContextBuilder b = SslContextBuilder.forServer(m.key(), m.chain())
        .sslProvider(provider)
        .protocols(o.versions()) // TLS 1.3 and 1.2 only by default; 1.0 and 1.1 never (RFC 8996)
        .ciphers(o.ciphers().isEmpty() ? null : o.ciphers(), IdentityCipherSuiteFilter.INSTANCE);
    if (o.verifyPeer()) {
      b.trustManager(trustManager(m.clientCas(), o.depth(), m.revoked()))
          .clientAuth(o.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
    }
    try {
      SslContext ctx = b.build();
      // An unknown cipher fails the JDK only when an engine is made: make one now, not at the first client.
      ReferenceCountUtil.release(ctx.newEngine(ByteBufAllocator.DEFAULT));
      return ctx;
    } catch (SSLException | IllegalArgumentException e) {
      String key = o.ciphers().isEmpty() ? "versions" : "ciphers";
      throw new TlsProblem(key, "not accepted by " + providerName(provider) + ": " + e.getMessage());
    }
  }

  static TrustManager trustManager(List<X509Certificate> cas, int depth, CrlCheck revoked) throws TlsProblem {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return new DepthLimitedTrustManager(x, depth, revoked);
        }
      }
      throw new TlsProblem("cacertfile", "no X.509 trust manager in this JDK");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsProblem("cacertfile", "cannot be used as a trust store: " + e.getMessage());
    }
  }

  private interface Step<T> {
    T run() throws TlsProblem;
  }

  private static <T> T at(String key, Step<T> step) throws TlsProblem {
    try {
      return step.run();
    } catch (TlsProblem p) {
      throw p.key() == null ? new TlsProblem(key, p.getMessage()) : p;
    }
  }
}
