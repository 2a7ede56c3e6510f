package io.berth.server.listener;

import io.berth.core.limit.TokenBucket;
import io.berth.core.net.Cidr;
import io.berth.core.security.ban.BanList;
import io.berth.server.config.AccessRules;
import io.berth.server.config.GateOptions;
import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.PeerAttributes;
import io.berth.server.listener.RefusalLog.Kind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * First handler of every connection of a listener, before any framing. When the connection is registered (before
 * its first byte is read, before a QUIC handshake) it applies, cheapest first, the listener's {@code access_rules},
 * the address bans and {@code max_conn_rate}; when it becomes active, {@code max_connections}. A refused connection
 * is closed at once, counted, logged (rate-limited, {@link RefusalLog}) and never reaches the handlers behind.
 * Behind a PROXY protocol proxy the socket's address is the proxy's: rules and bans then wait for the header
 * ({@link #admitProxied}). Once a connection is counted in (and in {@link #channels}), the gate removes itself from
 * its pipeline; the group counts it out when it closes. It lives as long as its listener's id: a listener updated at run time keeps its gate, so
 * its connections stay counted and can be closed when the listener stops.
 */
@Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {
  private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("berth.gate.refused");

  /** One listener configuration's checks, swapped whole when the listener is updated. */
  private record Policy(int maxConnections, AccessRules rules, boolean behindProxy, GateOptions options,
      TokenBucket rate) {}

  private final BanList bans;
  private final RefusalLog refusals;
  private final GateCounters counters = new GateCounters();
  private final AtomicInteger current = new AtomicInteger();
  private final ChannelGroup channels = new CountingGroup();
  private volatile Policy policy;

  public ConnectionGate(ListenerConfig config, BanList bans) {
    this(config, bans, new RefusalLog(config.id()));
  }

  public ConnectionGate(ListenerConfig config, BanList bans, RefusalLog refusals) {
    this.bans = bans;
    this.refusals = refusals;
    configure(config);
  }

  /**
   * New limits and rules for new connections (a listener updated at run time); connections already in stay. The
   * rate's bucket is kept when the rate did not change.
   */
  public void configure(ListenerConfig config) {
    Policy old = policy;
    GateOptions o = config.gate();
    TokenBucket rate = !o.limitsRate() ? null
        : old != null && old.options().maxConnRate() == o.maxConnRate() ? old.rate()
        : new TokenBucket(o.maxConnRate(), o.burst(), System::nanoTime);
    policy = new Policy(config.maxConnections(), o.accessRules(), config.proxyProtocol() != null, o, rate);
  }

  /** This listener's log of refused connections and input (rate-limited lines). */
  public RefusalLog refusals() {
    return refusals;
  }

  public GateCounters counters() {
    return counters;
  }

  public int currentConnections() {
    return current.get();
  }

  /** The connections this gate let in and that are still open. */
  public ChannelGroup channels() {
    return channels;
  }

  @Override
  public void channelRegistered(ChannelHandlerContext ctx) {
    Policy p = policy;
    InetAddress peer = p.behindProxy() ? null : peerAddress(ctx.channel());
    if ((peer != null && !admits(remote(ctx.channel()), peer, p)) || !withinRate(ctx.channel(), p)) {
      refuse(ctx);
      return;
    }
    ctx.fireChannelRegistered();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (PeerAttributes.get(ctx.channel(), REFUSED) != null) {
      return;
    }
    int max = policy.maxConnections();
    if (current.incrementAndGet() > max) {
      current.decrementAndGet();
      counters.maxConnections.increment();
      refusals.refused(Kind.MAX_CONNECTIONS, remote(ctx.channel()), "the listener has " + max
          + " connections (max_connections)");
      refuse(ctx);
      return;
    }
    channels.add(ctx.channel());
    // Nothing is left to do here: the group counts the connection out when it closes, and the gate leaves the
    // pipeline (one handler context less on every connection).
    ctx.fireChannelActive();
    ctx.pipeline().remove(this);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (PeerAttributes.get(ctx.channel(), REFUSED) != null) {
      return; // never let in: the handlers behind have nothing to end
    }
    // Never counted (a QUIC handshake that failed): a counted connection's gate left its pipeline when it became active
    ctx.fireChannelInactive();
  }

  /**
   * The client's address as a PROXY protocol header reported it: the listener's access rules and the bans apply to
   * it. Returns false (logged and counted) when it is refused; the caller closes the connection.
   */
  public boolean admitProxied(Channel ch, InetAddress client) {
    String from = PeerAttributes.get(ch, PeerAttributes.FORWARDED_FOR);
    Object shown = from != null ? from + " (through " + remote(ch) + ")" : remote(ch);
    return admits(shown, Cidr.unmapped(client), policy);
  }

  /** @param from the peer as the log shows it */
  private boolean admits(Object from, InetAddress peer, Policy p) {
    AccessRules.Rule rule = p.rules().isEmpty() ? null : p.rules().refusing(peer);
    if (rule != null) {
      counters.accessRules.increment();
      refusals.refused(Kind.ACCESS_RULES, from, "access_rules: " + rule);
      return false;
    }
    if (bans.isAddressBanned(peer)) {
      counters.banned.increment();
      refusals.refused(Kind.BANNED, from, "the address is banned (berth ctl banned list)");
      return false;
    }
    return true;
  }

  private boolean withinRate(Channel ch, Policy p) {
    if (p.rate() == null || p.rate().tryTake()) {
      return true;
    }
    counters.connRate.increment();
    refusals.refused(Kind.CONN_RATE, remote(ch), "more than " + format(p.options().maxConnRate())
        + " new connections a second (max_conn_rate)");
    return false;
  }

  private static void refuse(ChannelHandlerContext ctx) {
    ctx.channel().attr(REFUSED).set(Boolean.TRUE);
    ctx.close();
  }

  /**
   * The connections let in, counting each out as it leaves the group, which it does when it closes (the group's own
   * listener on its close future): no listener of the gate's on every connection.
   */
  private final class CountingGroup extends DefaultChannelGroup {
    CountingGroup() {
      super(GlobalEventExecutor.INSTANCE);
    }

    @Override
    public boolean remove(Object o) {
      boolean removed = super.remove(o);
      if (removed) {
        current.decrementAndGet();
      }
      return removed;
    }
  }

  /** The peer's IP address (a QUIC connection's UDP peer), null for a Unix socket. */
  static InetAddress peerAddress(Channel ch) {
    SocketAddress a = remote(ch);
    return a instanceof InetSocketAddress i && i.getAddress() != null ? Cidr.unmapped(i.getAddress()) : null;
  }

  private static SocketAddress remote(Channel ch) {
    return ch instanceof QuicChannel q ? q.remoteSocketAddress() : ch.remoteAddress();
  }

  private static String format(double rate) {
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.format("%.3f", rate);
  }
}
