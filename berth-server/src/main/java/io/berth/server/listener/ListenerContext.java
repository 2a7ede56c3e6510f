package io.berth.server.listener;

import io.berth.core.BrokerCore;
import io.berth.server.connection.EncodedPublishCaches;
import io.berth.server.connection.NettyLoops;
import io.berth.server.connection.ReadDeadlines;
import io.berth.server.security.ListenerSecurities;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;

/**
 * What every listener of a broker shares: the I/O mechanism, the event loops, the core, the group of QUIC control
 * streams (for bans and a graceful shutdown; connections on stream sockets are in their listener's gate), the
 * per-loop caches of encoded QoS 0 PUBLISH packets, what builds each listener's security, the per-loop sweeps of read
 * deadlines and the loops as the core sees them.
 */
public record ListenerContext(
    Transport transport, EventLoopGroup boss, EventLoopGroup workers, BrokerCore core, ChannelGroup quicStreams,
    EncodedPublishCaches publishCaches, ListenerSecurities securities, ReadDeadlines readDeadlines,
    NettyLoops loops) {

  public ListenerContext(Transport transport, EventLoopGroup boss, EventLoopGroup workers, BrokerCore core,
      ChannelGroup quicStreams, ListenerSecurities securities) {
    this(transport, boss, workers, core, quicStreams, new EncodedPublishCaches(), securities, new ReadDeadlines(),
        new NettyLoops());
  }
}
