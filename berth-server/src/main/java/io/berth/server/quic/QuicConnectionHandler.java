package io.berth.server.quic;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.PeerAttributes;
import io.berth.server.listener.RefusalLog;
import io.berth.server.listener.RefusalLog.Kind;
import io.berth.server.tls.CertIdentity;
import io.berth.server.tls.QuicTls;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On each QUIC connection (behind the listener's gate): bounds the handshake by {@code handshake_idle_timeout},
 * checks the negotiated ALPN is "mqtt" (RFC 9001 §8.1), and leaves what the control stream's MQTT connection needs on
 * the QUIC channel: the client's UDP address, the names its verified certificate gives, the stream router.
 */
final class QuicConnectionHandler extends ChannelInboundHandlerAdapter {
  static final AttributeKey<QuicStreams> STREAMS = AttributeKey.valueOf("berth.quic.streams");
  private static final Logger log = LoggerFactory.getLogger(QuicConnectionHandler.class);
  private final ListenerConfig config;
  private final RefusalLog refusals;
  private ScheduledFuture<?> handshakeTimeout;
  private boolean handshakeDone;
  private boolean refusalLogged;

  QuicConnectionHandler(ListenerConfig config, RefusalLog refusals) {
    this.config = config;
    this.refusals = refusals;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.channel().attr(STREAMS).set(new QuicStreams((QuicChannel) ctx.channel()));
    if (!ctx.channel().isActive()) {
      handshakeTimeout = ctx.executor().schedule(() -> {
        refuse(ctx, "handshake not done within " + config.quic().handshakeTimeoutMillis()
            + " ms (handshake_idle_timeout)");
        ctx.close();
      }, config.quic().handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Removed with its closed connection: one refused by the gate before its handshake gets no timeout line. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimeout();
  }

  /** Active once the handshake is complete (1-RTT keys, RFC 9001 §4.1.1). */
  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    cancelTimeout();
    handshakeDone = true;
    QuicChannel quic = (QuicChannel) ctx.channel();
    String alpn = quic.sslEngine().getApplicationProtocol();
    if (!QuicTls.ALPN.equals(alpn)) { // BoringSSL refuses other ALPNs in the handshake: kept as a guard
      refuse(ctx, "ALPN " + alpn + ", not " + QuicTls.ALPN);
      quic.close(true, 0x0178, ctx.alloc().buffer(0)); // no_application_protocol, RFC 9001 §8.1
      return;
    }
    if (quic.remoteSocketAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
      String host = a.getAddress().getHostAddress();
      quic.attr(PeerAttributes.FORWARDED_FOR).set((host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }
    PeerAttributes.CertNames names = CertIdentity.names(peerCertificate(quic), config.tls());
    if (names != null) {
      quic.attr(PeerAttributes.CERT_NAMES).set(names);
    }
    ctx.fireChannelActive();
  }

  private static X509Certificate peerCertificate(QuicChannel quic) {
    try {
      Certificate[] certs = quic.sslEngine().getSession().getPeerCertificates();
      return certs.length > 0 && certs[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /**
   * A connection that ends before its handshake is done was refused in it: by BoringSSL for offering only other
   * ALPNs (no_application_protocol, RFC 9001 §8.1) or a refused client certificate, or given up by its client.
   */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimeout();
    if (!handshakeDone) {
      refuse(ctx, "the TLS handshake did not complete (a client offering another ALPN than " + QuicTls.ALPN
          + ", a refused client certificate, or a client that gave up)");
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!handshakeDone) {
      refuse(ctx, RefusalLog.reason(cause));
    } else {
      log.debug("closing QUIC connection: {}", cause.toString());
    }
    ctx.close();
  }

  /** Logs the connection's refusal once (rate-limited per listener) and closes it. */
  private void refuse(ChannelHandlerContext ctx, String why) {
    if (!refusalLogged) {
      refusalLogged = true;
      refusals.refused(Kind.QUIC_HANDSHAKE, ((QuicChannel) ctx.channel()).remoteSocketAddress(), why);
    }
    ctx.close();
  }

  private void cancelTimeout() {
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
      handshakeTimeout = null;
    }
  }
}
