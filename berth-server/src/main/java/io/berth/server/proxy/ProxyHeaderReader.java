package io.berth.server.proxy;

import io.berth.server.connection.PeerAttributes;
import io.berth.server.listener.ConnectionGate;
import io.berth.server.listener.RefusalLog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Behind Netty's {@code HAProxyMessageDecoder}: takes the decoded header, leaves the client's address it carries for
 * the MQTT connection ({@link PeerAttributes#FORWARDED_FOR}), has the listener's gate check that address (access
 * rules, bans) and steps out of the pipeline; the bytes after the header flow on to TLS, WebSocket or MQTT. A
 * malformed header closes the connection quietly.
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {
  private final ProxyHeaderCheck check;
  private final RefusalLog refusals;
  private final ConnectionGate gate;

  ProxyHeaderReader(ProxyHeaderCheck check, RefusalLog refusals, ConnectionGate gate) {
    this.check = check;
    this.refusals = refusals;
    this.gate = gate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HAProxyMessage header)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      // LOCAL (v2) and UNKNOWN (v1) carry no client: the proxy's own connection, e.g. a health check. The socket's
      // address stands then, as the specification asks.
      if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
        // One spelling per address, as the socket's own ("2001:db8:0:0:0:0:0:7"); the decoder has checked it
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(header.sourceAddress());
        String host = ip == null ? header.sourceAddress() : InetAddress.getByAddress(ip).getHostAddress();
        ctx.channel().attr(PeerAttributes.FORWARDED_FOR)
            .set((host.contains(":") ? "[" + host + "]" : host) + ":" + header.sourcePort());
        // The gate saw only the proxy: the listener's access rules and the bans apply to the client
        if (ip != null && !gate.admitProxied(ctx.channel(), InetAddress.getByAddress(ip))) {
          ctx.close();
          return;
        }
      }
    } catch (UnknownHostException e) {
      // not an address after all: the socket's stands
    } finally {
      header.release();
    }
    check.done(ctx.pipeline().context(check));
    ctx.pipeline().remove(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (cause instanceof HAProxyProtocolException || c instanceof HAProxyProtocolException) {
      refusals.refused(RefusalLog.Kind.PROXY_HEADER, ctx.channel().remoteAddress(),
          "malformed PROXY header: " + c.getMessage());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }
}
