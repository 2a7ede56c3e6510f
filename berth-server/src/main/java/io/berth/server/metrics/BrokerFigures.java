package io.berth.server.metrics;

import io.berth.core.BrokerCore;
import io.berth.core.BrokerCounters;
import io.berth.server.listener.ListenerManager;
import io.berth.server.listener.ListenerStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker's figures under EMQX's names, read from the core (nothing counted here): the stats (how many of each
 * thing now) and the metrics (running totals since the start). One source for the management API, the Prometheus
 * meters and the $SYS topics, so all three always agree.
 */
public final class BrokerFigures {
  private final BrokerCore core;
  private final ListenerManager listeners;

  public BrokerFigures(BrokerCore core, ListenerManager listeners) {
    this.core = core;
    this.listeners = listeners;
  }

  /** Figures of the present, without the per-listener map: every value a number. */
  public Map<String, Long> stats() {
    BrokerCounters c = core.counters();
    Map<String, Long> s = new LinkedHashMap<>();
    long sessions = core.sessions().size();
    // EMQX counts a disconnected session that has not expired as a connection; live ones are connected now.
    s.put("connections.count", sessions);
    s.put("live_connections.count", c.liveConnections());
    s.put("connections.max", c.maxLiveConnections());
    s.put("sessions.count", sessions);
    s.put("subscriptions.count", (long) core.router().subscriptionCount());
    s.put("retained.count", (long) core.retained().size());
    return s;
  }

  /** Connections per listener id, for the stats' "listeners" and the Prometheus gauge. */
  public Map<String, Integer> listenerConnections() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (ListenerStatus l : listeners.list()) {
      out.put(l.id(), l.connections());
    }
    return out;
  }

  /** The running totals. */
  public Map<String, Long> metrics() {
    BrokerCounters c = core.counters();
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("messages.received", c.receivedCount());
    m.put("messages.sent", c.sentCount());
    m.put("messages.dropped", c.droppedCount());
    m.put("messages.dropped.no_subscribers", c.droppedNoSubscribersCount());
    for (int qos = 0; qos <= 2; qos++) {
      m.put("messages.qos" + qos + ".received", c.receivedCount(qos));
      m.put("messages.qos" + qos + ".sent", c.sentCount(qos));
    }
    m.put("bytes.received", c.bytesReceivedCount());
    m.put("bytes.sent", c.bytesSentCount());
    m.put("packets.connect.received", c.connectReceivedCount());
    m.put("packets.connack.error", c.connectRefusedCount());
    m.put("packets.publish.auth_error", c.publishDeniedCount());
    m.put("packets.subscribe.auth_error", c.subscribeDeniedCount());
    m.put("packets.publish.rate_limited", c.rateLimitedCount());
    m.put("client.connected", c.connectedCount());
    m.put("client.disconnected", c.disconnectedCount());
    m.put("authentication.success", c.authenticationSuccessCount());
    m.put("authentication.failure", c.authenticationFailureCount());
    m.put("authorization.allow", c.authorizationAllowCount());
    m.put("authorization.deny", c.authorizationDenyCount());
    m.put("overload.refused", c.overloadRefusedCount());
    return m;
  }
}
