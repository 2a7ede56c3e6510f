package io.berth.server.proxy;

import io.berth.server.config.ProxyProtocolOptions;
import io.berth.server.listener.RefusalLog;
import io.berth.server.listener.RefusalLog.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * In front of the PROXY header decoder: refuses connections from addresses that are not trusted proxies, closes a
 * connection whose header is not complete within {@code proxy_protocol_timeout}, and one whose first bytes cannot
 * begin a PROXY header (so that plain MQTT or TLS sent straight to the port is refused at once, not after a timeout).
 */
final class ProxyHeaderCheck extends ChannelInboundHandlerAdapter {
  /** v1 starts with "PROXY "; v2 with a 12-byte signature that no text protocol can start with. */
  private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

  private final ProxyProtocolOptions options;
  private final RefusalLog refusals;
  private ScheduledFuture<?> timeout;
  private boolean prefixChecked;

  ProxyHeaderCheck(ProxyProtocolOptions options, RefusalLog refusals) {
    this.options = options;
    this.refusals = refusals;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer) || !options.trusts(peer.getAddress())) {
      refusals.refused(Kind.PROXY_HEADER, ctx.channel().remoteAddress(),
          "not a trusted PROXY protocol proxy (proxy_protocol_trusted)");
      ctx.close();
      return;
    }
    timeout = ctx.executor().schedule(() -> {
      refusals.refused(Kind.PROXY_HEADER, ctx.channel().remoteAddress(),
          "no PROXY header within " + options.timeoutMillis() + " ms (proxy_protocol_timeout)");
      ctx.close();
    }, options.timeoutMillis(), TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!prefixChecked && msg instanceof ByteBuf in && in.isReadable()) {
      if (!startsLike(in, V1) && !startsLike(in, V2)) {
        refusals.refused(Kind.PROXY_HEADER, ctx.channel().remoteAddress(),
            "the connection does not start with a PROXY header");
        in.release();
        ctx.close();
        return;
      }
      prefixChecked = in.readableBytes() >= V2.length;
    }
    ctx.fireChannelRead(msg);
  }

  /** The bytes available agree with the start of {@code signature}. */
  private static boolean startsLike(ByteBuf in, byte[] signature) {
    int n = Math.min(in.readableBytes(), signature.length);
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  /** The header has been read: no more timeout, and this check leaves the pipeline. */
  void done(ChannelHandlerContext ctx) {
    cancelTimeout();
    ctx.pipeline().remove(this);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimeout();
    ctx.fireChannelInactive();
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
