package io.berth.core.admin;

/**
 * One subscription of one session.
 *
 * @param topic the filter as subscribed, with its "$share/group/" prefix for a shared subscription
 * @param noLocal MQTT 5 No Local
 * @param retainAsPublished MQTT 5 Retain As Published
 * @param subscriptionId MQTT 5 Subscription Identifier, 0 for none
 */
public record SubscriptionSnapshot(String clientId, String topic, int qos, boolean noLocal,
    boolean retainAsPublished, int subscriptionId) {}
