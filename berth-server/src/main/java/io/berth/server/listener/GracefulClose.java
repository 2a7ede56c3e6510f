package io.berth.server.listener;

import io.berth.server.connection.MqttConnection;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections the polite way: an MQTT 5 client is told DISCONNECT 0x8B (server shutting down) and the
 * connection closed once it is written; an MQTT 3.1.1 client or a connection without CONNECT yet is just closed.
 * Used when the broker stops and when one listener stops.
 */
public final class GracefulClose {
  private GracefulClose() {}

  /**
   * Closes every channel of {@code group} gracefully and waits up to {@code timeoutMillis} for them to go, then cuts
   * what is left.
   *
   * @return how many connections there were
   */
  public static int closeAll(ChannelGroup group, long timeoutMillis) {
    int count = group.size();
    if (count == 0) {
      return 0;
    }
    var closed = group.newCloseFuture();
    group.forEach(GracefulClose::disconnect);
    closed.awaitUninterruptibly(timeoutMillis, TimeUnit.MILLISECONDS);
    group.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    return count;
  }

  /** Tells the client (MQTT 5: 0x8B) and closes, on the connection's own event loop. */
  public static void disconnect(Channel ch) {
    ch.eventLoop().execute(() -> {
      MqttConnection conn = ch.pipeline().get(MqttConnection.class);
      if (conn != null && conn.channel() != null) {
        conn.channel().shutdown();
      } else {
        ch.close();
      }
    });
  }
}
