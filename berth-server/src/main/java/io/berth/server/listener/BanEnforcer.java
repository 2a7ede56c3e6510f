package io.berth.server.listener;

import io.berth.core.net.Cidr;
import io.berth.core.security.ban.Ban;
import io.berth.core.security.ban.BanList;
import io.berth.server.connection.MqttConnection;
import io.berth.server.connection.PeerAttributes;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections a new ban covers: those from a banned address or network, and those of a banned client id
 * or user name. The broker's connections are grouped by event loop off the loops (on {@code executor}); each loop
 * then checks its own connections, where reading a connection's client id is safe.
 */
public final class BanEnforcer implements BanList.Listener {
  private static final Logger log = LoggerFactory.getLogger(BanEnforcer.class);

  private final Supplier<? extends Iterable<Channel>> connections;
  private final BanList bans;
  private final Executor executor;

  /**
   * @param connections every MQTT connection of the broker (TCP, TLS, WebSocket, Unix, QUIC control streams), as
   *     they are when asked
   */
  public BanEnforcer(Supplier<? extends Iterable<Channel>> connections, BanList bans, Executor executor) {
    this.connections = connections;
    this.bans = bans;
    this.executor = executor;
  }

  @Override
  public void banned(Ban ban) {
    try {
      executor.execute(this::closeBanned);
    } catch (RejectedExecutionException e) {
      // the broker is stopping: every connection is being closed anyway
    }
  }

  private void closeBanned() {
    Map<EventLoop, List<Channel>> byLoop = new HashMap<>();
    for (Channel ch : connections.get()) {
      byLoop.computeIfAbsent(ch.eventLoop(), l -> new ArrayList<>()).add(ch);
    }
    byLoop.forEach((loop, channels) -> loop.execute(() -> channels.forEach(this::closeIfBanned)));
  }

  private void closeIfBanned(Channel ch) {
    if (!ch.isActive()) {
      return;
    }
    String forwarded = PeerAttributes.get(ch, PeerAttributes.FORWARDED_FOR);
    String peer = forwarded != null ? forwarded : String.valueOf(peerOf(ch));
    MqttConnection conn = ch.pipeline().get(MqttConnection.class);
    var channel = conn == null ? null : conn.channel();
    String clientId = channel == null ? null : channel.clientId();
    String username = channel == null ? null : channel.username();
    bans.check(clientId, username, peer).ifPresent(b -> {
      log.info("closing the connection of client {} from {}: banned ({} {})", clientId == null ? "-" : "'"
          + clientId + "'", peer, b.kind().word(), b.value());
      ch.close();
    });
  }

  private static String peerOf(Channel ch) {
    InetAddress a = ConnectionGate.peerAddress(ch);
    return a == null ? null : Cidr.unmapped(a).getHostAddress();
  }
}
