package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

/** The TLS layer of an ssl or wss listener's pipeline: one SslContext per listener, one SslHandler per connection. */
public final class TlsHead implements AutoCloseable {
  private final TlsOptions options;
  private final SslContext context;
  private final String providerName;

  private TlsHead(TlsOptions options, SslContext context, String providerName) {
    this.options = options;
    this.context = context;
    this.providerName = providerName;
  }

  /** Reads the certificate files and builds the context with the best provider available. */
  public static TlsHead create(TlsOptions options) throws TlsProblem {
    SslProvider provider = ServerTls.bestProvider();
    return new TlsHead(options, ServerTls.build(options, provider), ServerTls.providerName(provider));
  }

  public void addTo(Channel ch) {
    SslHandler ssl = context.newHandler(ch.alloc());
    ssl.setHandshakeTimeoutMillis(options.handshakeTimeoutMillis()); // then closed (SslHandshakeTimeoutException)
    ch.pipeline().addLast("tls", ssl).addLast("tls-session", new TlsSessionHandler(options));
  }

  /** "TLS (BoringSSL), mutual": for the banner. */
  public String describe() {
    String versions = String.join("/", options.versions()).replace("TLSv", "");
    String mutual = options.requiresClientCert() ? ", client certificate required"
        : options.verifyPeer() ? ", client certificate verified if sent" : "";
    return "TLS " + versions + " (" + providerName + ")" + mutual;
  }

  @Override
  public void close() {
    ReferenceCountUtil.release(context); // connections still open hold their own reference
  }
}
