package io.berth.server.tls;

import io.berth.server.config.TlsOptions;
import io.berth.server.connection.PeerAttributes;
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

  TlsSessionHandler(TlsOptions options) {
    this.options = options;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (done.isSuccess()) {
        X509Certificate peer = peerCertificate(ctx);
        String user = CertIdentity.of(peer, options.certAsUsername());
        String id = CertIdentity.of(peer, options.certAsClientId());
        if (user != null || id != null) {
          ctx.channel().attr(PeerAttributes.CERT_NAMES).set(new PeerAttributes.CertNames(user, id));
        }
      } else {
        log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), done.cause().toString());
        ctx.close();
      }
    }
    ctx.fireUserEventTriggered(evt);
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
      log.debug("closing {}: {}", ctx.channel().remoteAddress(), c.toString());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
