package io.berth.core.router;

import io.berth.core.Message;

/**
 * A message on its way to one session, with what its matching subscriptions decided: the granted QoS (the lower of
 * the message's and the subscription's, [MQTT-3.8.4-8]), the RETAIN flag to send and the Subscription Identifiers.
 *
 * @param sharedGroup the share group it was picked for (redelivered to another member if this session ends), or null
 * @param storeSeq its entry in the durable store (persistent sessions), or 0 when it is not stored
 */
public record Delivery(
    Message message, int qos, boolean retain, int[] subscriptionIds, Object sharedGroup, long storeSeq) {
  static final int[] NO_IDS = new int[0];

  public Delivery(Message message, int qos, boolean retain, int[] subscriptionIds, Object sharedGroup) {
    this(message, qos, retain, subscriptionIds, sharedGroup, 0);
  }

  public Delivery withStoreSeq(long seq) {
    return new Delivery(message, qos, retain, subscriptionIds, sharedGroup, seq);
  }
}
