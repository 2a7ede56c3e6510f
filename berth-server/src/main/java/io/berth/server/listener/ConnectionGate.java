package io.berth.server.listener;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First handler of every connection of a listener, before any framing: enforces max_connections. A refused
 * connection is closed at once and costs no buffers. (Bans, access rules and connection rates come with the security
 * work and belong here too.)
 */
@Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {
  private final int maxConnections;
  private final AtomicInteger current = new AtomicInteger();

  public ConnectionGate(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  public int currentConnections() {
    return current.get();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (current.incrementAndGet() > maxConnections) {
      current.decrementAndGet();
      ctx.channel().attr(REFUSED).set(Boolean.TRUE);
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel().attr(REFUSED).get() == null) {
      current.decrementAndGet();
    }
    ctx.fireChannelInactive();
  }

  private static final io.netty.util.AttributeKey<Boolean> REFUSED =
      io.netty.util.AttributeKey.valueOf("berth.gate.refused");
}
