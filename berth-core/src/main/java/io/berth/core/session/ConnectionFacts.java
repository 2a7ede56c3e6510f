package io.berth.core.session;

import io.berth.codec.MqttVersion;

/**
 * What a session's last connection said of itself, kept by the session (also while it is offline) so that the
 * management API can show it without holding on to the connection.
 *
 * @param username the User Name in use, or null
 * @param listenerId the listener the client came through, "tcp:default"
 * @param remoteAddress the client's "ip:port"
 * @param keepAliveSeconds the Keep Alive in force (the server's when it sets one)
 * @param cleanStart the CONNECT's Clean Start (Clean Session in 3.1.1)
 * @param connectedAtMillis when the session was attached to the connection (epoch millis)
 */
public record ConnectionFacts(String username, String listenerId, String remoteAddress, MqttVersion version,
    int keepAliveSeconds, boolean cleanStart, long connectedAtMillis) {}
