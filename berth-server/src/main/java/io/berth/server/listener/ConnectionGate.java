package io.berth.server.listener;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First handler of every connection of a listener, before any framing: enforces max_connections. A refused
 * connection is closed at once and costs no buffers. (Bans, access rules and connection rates come with the security
 * work and belong here too.) It lives as long as its listener's id: a listener updated at run time keeps its gate, so
 * its connections stay counted and can be closed when the listener stops.
 */
@Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {
  private volatile int maxConnections;
  private final AtomicInteger current = new AtomicInteger();
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  public ConnectionGate(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  public int currentConnections() {
    return current.get();
  }

  /** A new limit for new connections (a listener updated at run time); connections above it stay. */
  public void setMaxConnections(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  /** The connections this gate let in and that are still open. */
  public ChannelGroup channels() {
    return channels;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (current.incrementAndGet() > maxConnections) {
      current.decrementAndGet();
      ctx.channel().attr(REFUSED).set(Boolean.TRUE);
      ctx.close();
      return;
    }
    channels.add(ctx.channel());
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
