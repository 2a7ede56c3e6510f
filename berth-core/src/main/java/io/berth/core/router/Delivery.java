package io.berth.core.router;

import io.berth.core.Message;

/**
 * A message on its way to one session, with what its matching subscriptions decided: the granted QoS (the lower of
 * the message's and the subscription's, [MQTT-3.8.4-8]), the RETAIN flag to send and the Subscription Identifiers.
 *
 * @param sharedGroup the share group it was picked for (redelivered to another member if this session ends), or null
 */
public record Delivery(Message message, int qos, boolean retain, int[] subscriptionIds, Object sharedGroup) {
  static final int[] NO_IDS = new int[0];
}
