package io.berth.core.session;

import io.berth.codec.MqttVersion;
import io.berth.core.channel.ConnectionInfo;

/**
 * What a session's last connection said of itself, kept by the session (also while it is offline) so that the
 * management API can show it without holding on to the connection.
 *
 * @param username the User Name in use, or null
 * @param connection the listener and the address the client came through (shared with the connection, not copied)
 * @param keepAliveSeconds the Keep Alive in force (the server's when it sets one)
 * @param cleanStart the CONNECT's Clean Start (Clean Session in 3.1.1)
 * @param connectedAtMillis when the session was attached to the connection (epoch millis)
 */
public record ConnectionFacts(String username, ConnectionInfo connection, MqttVersion version,
    int keepAliveSeconds, boolean cleanStart, long connectedAtMillis) {

  /** The listener the client came through, "tcp:default". */
  public String listenerId() {
    return connection.listenerId();
  }

  /** The client's "ip:port". */
  public String remoteAddress() {
    return connection.remoteAddress();
  }
}
