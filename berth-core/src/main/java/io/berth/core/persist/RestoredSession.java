package io.berth.core.persist;

import io.berth.core.Message;
import java.util.List;

/**
 * A persistent session as the store gives it back at start-up, to be parked offline in the registry.
 *
 * @param expiresInMillis time left before it expires (counted from its last disconnect), or -1 for never
 * @param storedDeliveries how many deliveries (queued or in flight) it has on disk: they are read back when its client
 *     returns ({@link SessionJournal#loadBacklog}), not at start-up, so that a restart keeps no queue in memory
 * @param awaitingRel incoming QoS 2 packet ids still awaiting PUBREL
 * @param will the will of the session's last connection, still to be published (the session takes its reference),
 *     or null
 * @param willDelayMillis time left before the will is published (0: at once, once every session is restored)
 */
public record RestoredSession(
    String clientId, long expiryIntervalSeconds, long expiresInMillis, List<Subscription> subscriptions,
    int storedDeliveries, List<Integer> awaitingRel, Message will, long willDelayMillis) {

  /** A stored subscription; {@code rawFilter} keeps the $share/group/ prefix when there is one. */
  public record Subscription(
      String rawFilter, String filter, String group, int qos, boolean noLocal, boolean retainAsPublished,
      int subscriptionId) {}
}
