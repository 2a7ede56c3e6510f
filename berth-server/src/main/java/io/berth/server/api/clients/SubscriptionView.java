package io.berth.server.api.clients;

import io.berth.core.admin.SubscriptionSnapshot;

/**
 * A subscription as {@code /api/v5/subscriptions} shows it (EMQX's names: nl No Local, rap Retain As Published, as
 * 0 or 1). Retain Handling is not shown: it acts only when the SUBSCRIBE arrives and is not kept.
 */
record SubscriptionView(String clientid, String topic, int qos, int nl, int rap, Integer subId) {

  static SubscriptionView of(SubscriptionSnapshot s) {
    return new SubscriptionView(s.clientId(), s.topic(), s.qos(), s.noLocal() ? 1 : 0, s.retainAsPublished() ? 1 : 0,
        s.subscriptionId() == 0 ? null : s.subscriptionId());
  }
}
