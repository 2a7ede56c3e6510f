package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.berth.server.listener.RefusalLog;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The TLS layer of an ssl or wss listener's pipeline: one SslContext per listener, one SslHandler per connection.
 * The context can be replaced while the listener runs ({@link #reloadIfChanged()}): each new connection takes the
 * current one, connections already open keep theirs.
 */
public final class TlsHead implements AutoCloseable {
  private final TlsOptions options;
  private final SslProvider provider;
  private final AtomicReference<Loaded> current;
  private String refusedFingerprint; // the files last refused, so that a bad file is reported once
  private String refusedMessage;
  private boolean closed;

  /** A context, its certificate and the fingerprint of the files it was built from. */
  private record Loaded(SslContext context, X509Certificate certificate, String fingerprint) {}

  /**
   * What a check of the files found: nothing new, a new certificate in use, or new files refused (why).
   *
   * @param fresh false when these very files were refused before (the log has said so already)
   */
  public record Check(Outcome outcome, String message, boolean fresh) {}

  public enum Outcome {
    UNCHANGED,
    RELOADED,
    REFUSED
  }

  private TlsHead(TlsOptions options, SslProvider provider, Loaded loaded) {
    this.options = options;
    this.provider = provider;
    this.current = new AtomicReference<>(loaded);
  }

  /** Reads the certificate files and builds the context with the best provider available. */
  public static TlsHead create(TlsOptions options) throws TlsProblem {
    SslProvider provider = ServerTls.bestProvider();
    return new TlsHead(options, provider, load(options, provider, TlsFiles.fingerprint(options)));
  }

  private static Loaded load(TlsOptions o, SslProvider provider, String fingerprint) throws TlsProblem {
    ServerTls.Material m = ServerTls.load(o);
    return new Loaded(ServerTls.build(o, m, provider), m.chain().get(0), fingerprint);
  }

  public void addTo(Channel ch, RefusalLog refusals) {
    SslContext context = acquire();
    try {
      SslHandler ssl = context.newHandler(ch.alloc()); // the engine holds its own reference to the context
      ssl.setHandshakeTimeoutMillis(options.handshakeTimeoutMillis()); // then closed (SslHandshakeTimeoutException)
      ch.pipeline().addLast("tls", ssl).addLast("tls-session", new TlsSessionHandler(options, refusals));
    } finally {
      ReferenceCountUtil.release(context);
    }
  }

  /** The current context, retained: a reload may release the one we read at any moment, then we take the new one. */
  private SslContext acquire() {
    while (true) {
      SslContext context = current.get().context();
      try {
        return ReferenceCountUtil.retain(context);
      } catch (IllegalReferenceCountException released) {
        if (current.get().context() == context) {
          throw released; // closed: the listener is stopping
        }
      }
    }
  }

  /**
   * Reads the files again if their contents changed, and uses them for new handshakes if they are good; bad files
   * (unreadable, not PEM, key not the certificate's, expired) are refused and the current certificate kept.
   */
  public synchronized Check reloadIfChanged() {
    Loaded old = current.get();
    String fingerprint = TlsFiles.fingerprint(options);
    if (closed || fingerprint.equals(old.fingerprint())) {
      refusedFingerprint = null;
      return new Check(Outcome.UNCHANGED, "unchanged, " + describe(old.certificate()), false);
    }
    if (fingerprint.equals(refusedFingerprint)) {
      return new Check(Outcome.REFUSED, refusedMessage, false);
    }
    Loaded next;
    try {
      next = load(options, provider, fingerprint);
    } catch (TlsProblem p) {
      String file = p.key() == null ? "" : "ssl_options." + p.key() + " = \"" + fileOf(p.key()) + "\": ";
      refusedFingerprint = fingerprint;
      refusedMessage = "new certificate files refused: " + file + p.getMessage() + "; keeping "
          + describe(old.certificate());
      return new Check(Outcome.REFUSED, refusedMessage, true);
    }
    current.set(next);
    refusedFingerprint = null;
    ReferenceCountUtil.release(old.context()); // connections still open hold their own reference
    return new Check(Outcome.RELOADED, "certificate reloaded: " + describe(next.certificate()), true);
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

  /** The certificate new handshakes present (the chain's leaf). */
  public X509Certificate certificate() {
    return current.get().certificate();
  }

  /** "CN=localhost,O=Berth, serial 1f2e…, expires 2026-01-01T00:00:00Z". */
  public static String describe(X509Certificate c) {
    return c.getSubjectX500Principal().getName() + ", serial " + c.getSerialNumber().toString(16) + ", expires "
        + c.getNotAfter().toInstant();
  }

  /** "TLS (BoringSSL), mutual": for the banner. */
  public String describe() {
    String versions = String.join("/", options.versions()).replace("TLSv", "");
    String mutual = options.requiresClientCert() ? ", client certificate required"
        : options.verifyPeer() ? ", client certificate verified if sent" : "";
    return "TLS " + versions + " (" + ServerTls.providerName(provider) + ")" + mutual;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      ReferenceCountUtil.release(current.get().context()); // connections still open hold their own reference
    }
  }
}
