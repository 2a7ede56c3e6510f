package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.berth.server.connection.PeerAttributes;
import io.berth.server.listener.RefusalLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right behind the {@link SslHandler}: once the handshake succeeds, reads the verified client certificate and
 * leaves the names it gives for the MQTT connection ({@link PeerAttributes#CERT_NAMES}); a failed or timed-out
 * handshake, or bytes that are not TLS, close the connection quietly (a debug line, no stack trace).
 */
final class TlsSessionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TlsSessionHandler.class);
  private final TlsOptions options;
  private final RefusalLog refusals;

  TlsSessionHandler(TlsOptions options, RefusalLog refusals) {
    this.options = options;
    this.refusals = refusals;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        PeerAttributes.CertNames names = CertIdentity.names(peerCertificate(ctx), options);
        if (names != null) {
          ctx.channel().attr(PeerAttributes.CERT_NAMES).set(names);
        }
      } else {
        // Not TLS (plain MQTT, HTTP), a refused certificate or version, a timeout, a client gone mid-handshake
        refusals.refused(RefusalLog.Kind.TLS_HANDSHAKE, ctx.channel().remoteAddress(), handshakeProblem(done.cause()));
        ctx.close();
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  private static String handshakeProblem(Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof NotSslRecordException) {
      return "not a TLS record (plain MQTT or HTTP on a TLS port?)";
    }
    if (c instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
      return "handshake not done within the handshake timeout";
    }
    if (c instanceof java.nio.channels.ClosedChannelException) {
      return "connection closed before the handshake was done";
    }
    return RefusalLog.reason(c);
  }

  private static X509Certificate peerCertificate(ChannelHandlerContext ctx) {
    try {
      Certificate[] certs = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
      return certs.length > 0 && certs[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null; // no client certificate (verify_none, or verify_peer without fail_if_no_peer_cert)
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (cause instanceof NotSslRecordException || c instanceof SSLException) {
      // a handshake failure is logged (rate-limited) with its completion event; this is the same event's exception
      log.debug("closing {}: {}", ctx.channel().remoteAddress(), c.toString());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
