package io.berth.server.listener;

import io.berth.server.config.ListenerConfig;
import io.berth.server.connection.PeerAttributes;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;

/**
 * MQTT over a Unix domain socket: no head. The client has no IP address; it is named by the socket file and, with
 * epoll, by the process and user on the other end ("unix:/run/berth/mqtt.sock pid=812 uid=1000").
 */
final class UnixChannelInitializer extends MqttChannelInitializer {
  private final String path;

  UnixChannelInitializer(ListenerConfig config, ConnectionGate gate, ListenerContext context, RefusalLog refusals) {
    super(config, gate, context, refusals);
    this.path = config.unix().path().toString();
  }

  @Override
  protected void addTransportHead(Channel ch) {
    String who = "unix:" + path;
    if (ch instanceof EpollDomainSocketChannel uds) {
      try {
        PeerCredentials c = uds.peerCredentials(); // SO_PEERCRED
        who += " pid=" + c.pid() + " uid=" + c.uid();
      } catch (IOException e) {
        // the socket's name alone
      }
    }
    ch.attr(PeerAttributes.FORWARDED_FOR).set(who);
  }

  @Override
  public String describe() {
    return "MQTT over a Unix domain socket";
  }

  @Override
  public String url(String host, int port) {
    return "unix:" + path;
  }
}
