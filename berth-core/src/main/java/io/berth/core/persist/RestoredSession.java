package io.berth.core.persist;

import io.berth.core.Message;
import io.berth.core.router.Delivery;
import java.util.List;

/**
 * A persistent session as the store gives it back at start-up, to be parked offline in the registry.
 *
 * @param expiresInMillis time left before it expires (counted from its last disconnect), or -1 for never
 * @param inflight the deliveries that were in flight, in the order they were sent
 * @param awaitingRel incoming QoS 2 packet ids still awaiting PUBREL
 * @param queued its QoS 1/2 deliveries in the order they were queued, each holding one message reference that the
 *     session takes over, each with its store sequence
 * @param will the will of the session's last connection, still to be published (the session takes its reference),
 *     or null
 * @param willDelayMillis time left before the will is published (0: at once, once every session is restored)
 */
public record RestoredSession(
    String clientId, long expiryIntervalSeconds, long expiresInMillis, List<Subscription> subscriptions,
    List<Inflight> inflight, List<Delivery> queued, List<Integer> awaitingRel, Message will, long willDelayMillis) {

  /** A delivery that was in flight: resent under its packet id with DUP, or its PUBREL resent [MQTT-4.4.0-1]. */
  public record Inflight(Delivery delivery, int packetId, boolean released) {}

  /** A stored subscription; {@code rawFilter} keeps the $share/group/ prefix when there is one. */
  public record Subscription(
      String rawFilter, String filter, String group, int qos, boolean noLocal, boolean retainAsPublished,
      int subscriptionId) {}
}
