package io.berth.core.router;

import io.berth.core.session.Session;

/**
 * One subscription of one session as stored in the router.
 *
 * @param session the subscriber
 * @param filter the topic filter without its $share/group prefix
 * @param group the share group, or null
 * @param qos maximum QoS granted
 * @param noLocal MQTT 5 No Local [MQTT-3.8.3-3]
 * @param retainAsPublished MQTT 5 Retain As Published [MQTT-3.3.1-12]
 * @param subscriptionId MQTT 5 Subscription Identifier, or 0
 */
public record SubscriptionEntry(
    Session session,
    String filter,
    String group,
    int qos,
    boolean noLocal,
    boolean retainAsPublished,
    int subscriptionId) {}
