package io.berth.core.admin;

import io.berth.codec.MqttVersion;
import java.util.List;

/**
 * A client's session as its home loop saw it at one instant, for the management API. The connection fields come from
 * the last connection (null for a session restored from disk that no client has resumed yet).
 *
 * @param connectedAtMillis when the last connection attached (epoch millis), 0 when unknown
 * @param expiryIntervalSeconds the session expiry interval (0xFFFFFFFF: never)
 * @param subscriptions the session's subscriptions, raw filters ($share/group/... as subscribed)
 */
public record ClientSnapshot(String clientId, String username, String listenerId, String remoteAddress,
    boolean connected, long connectedAtMillis, MqttVersion version, int keepAliveSeconds, boolean cleanStart,
    long expiryIntervalSeconds, int inflightCount, int queueLength, long queueDropped,
    List<SubscriptionSnapshot> subscriptions) {

  public ClientSnapshot {
    subscriptions = List.copyOf(subscriptions);
  }
}
