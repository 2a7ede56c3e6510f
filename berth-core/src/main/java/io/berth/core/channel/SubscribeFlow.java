package io.berth.core.channel;

import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.ReasonCode;
import io.berth.codec.packet.Suback;
import io.berth.codec.packet.Subscribe;
import io.berth.codec.packet.Subscription;
import io.berth.codec.packet.Unsuback;
import io.berth.codec.packet.Unsubscribe;
import io.berth.core.Message;
import io.berth.core.MqttSettings;
import io.berth.core.router.Delivery;
import io.berth.core.router.SubscriptionEntry;
import io.berth.core.security.Authorizer;
import io.berth.core.session.Session;
import io.berth.core.topic.SharedFilter;
import io.berth.core.topic.Topics;
import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE and UNSUBSCRIBE (MQTT 3.8 – 3.11), and the retained messages a new subscription receives. */
final class SubscribeFlow {
  private final Channel ch;

  SubscribeFlow(Channel ch) {
    this.ch = ch;
  }

  void handleSubscribe(Subscribe sub) {
    int subscriptionId = sub.properties().subscriptionIdentifiers().isEmpty()
        ? 0 : sub.properties().subscriptionIdentifiers().get(0);
    List<Integer> codes = new ArrayList<>(sub.subscriptions().size());
    List<Runnable> retainedToSend = new ArrayList<>();
    for (Subscription s : sub.subscriptions()) {
      codes.add(subscribe(s, subscriptionId, retainedToSend));
    }
    Suback ack = new Suback(sub.packetId(), codes, MqttProperties.NONE); // [MQTT-3.8.4-1]
    // A persistent session's SUBACK waits until its subscriptions are on disk (retained messages may go first, as
    // MQTT 3.8.4 allows)
    ch.flows().durableAcks().send(ch.session.isPersistent(), ReasonCode.SUCCESS, r -> ack, null);
    retainedToSend.forEach(Runnable::run); // after the SUBACK when it is sent at once
  }

  /** Returns the SUBACK reason code for one filter [MQTT-3.8.4-6]. */
  private int subscribe(Subscription s, int subscriptionId, List<Runnable> retainedToSend) {
    MqttSettings cfg = ch.settings;
    SharedFilter parsed = SharedFilter.parse(s.filter());
    if (parsed == null || !Topics.isValidFilter(parsed.filter(), cfg.maxTopicLevels())) {
      return failure(ReasonCode.TOPIC_FILTER_INVALID);
    }
    if (parsed.isShared()) {
      if (!cfg.sharedSubscription()) {
        return failure(ReasonCode.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
      }
      if (s.noLocal()) { // [MQTT-3.8.3-4]
        throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "No Local on a shared subscription");
      }
    }
    if (!cfg.wildcardSubscription() && Topics.hasWildcard(parsed.filter())) {
      return failure(ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED);
    }
    if (!ClientAuthorization.allows(ch, Authorizer.Action.SUBSCRIBE, parsed.filter(), s.qos(), false)) {
      ch.broker.counters().subscribeDenied();
      return failure(ReasonCode.NOT_AUTHORIZED); // 3.1.1: 0x80 Failure
    }
    Session session = ch.session;
    boolean exists = session.subscriptions().containsKey(s.filter());
    if (!exists && cfg.maxSubscriptions() > 0 && session.subscriptions().size() >= cfg.maxSubscriptions()) {
      return failure(ReasonCode.QUOTA_EXCEEDED);
    }
    int granted = Math.min(s.qos(), cfg.maxQos()); // [MQTT-3.2.2-10]
    SubscriptionEntry entry = new SubscriptionEntry(session, parsed.filter(), parsed.group(), granted, s.noLocal(),
        s.retainAsPublished(), subscriptionId);
    session.subscriptions().put(s.filter(), entry); // replaces an identical filter [MQTT-3.8.4-3]
    session.journalSubscribed(s.filter(), entry);
    ch.broker.router().subscribe(entry);
    // Retained messages: never for shared subscriptions (MQTT 4.8.2); Retain Handling 0 always, 1 only for a new
    // subscription, 2 never [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11].
    boolean sendRetained = !parsed.isShared() && cfg.retainAvailable()
        && (s.retainHandling() == 0 || (s.retainHandling() == 1 && !exists));
    if (sendRetained) {
      retainedToSend.add(() -> sendRetained(entry));
    }
    return granted;
  }

  private void sendRetained(SubscriptionEntry entry) {
    int[] ids = entry.subscriptionId() == 0 ? new int[0] : new int[] {entry.subscriptionId()};
    for (Message m : ch.broker.retained().match(entry.filter())) {
      try {
        // RETAIN is set on messages sent because of a new subscription [MQTT-3.3.1-8]
        entry.session().offer(new Delivery(m, Math.min(m.qos(), entry.qos()), true, ids, null));
      } finally {
        m.release();
      }
    }
  }

  private int failure(int v5Code) {
    return ch.version == MqttVersion.V5 ? v5Code : ReasonCode.V3_SUBACK_FAILURE;
  }

  void handleUnsubscribe(Unsubscribe u) {
    Session session = ch.session;
    List<Integer> codes = new ArrayList<>(u.filters().size());
    boolean journaled = false;
    for (String filter : u.filters()) {
      SharedFilter parsed = SharedFilter.parse(filter);
      if (parsed == null || !Topics.isValidFilter(parsed.filter(), ch.settings.maxTopicLevels())) {
        codes.add(ReasonCode.TOPIC_FILTER_INVALID);
        continue;
      }
      SubscriptionEntry e = session.subscriptions().remove(filter);
      if (e != null) {
        ch.broker.router().unsubscribe(session, e.filter(), e.group());
        session.journalUnsubscribed(filter);
        journaled = session.isPersistent();
      }
      codes.add(e != null ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
    }
    // 3.1.1 UNSUBACK has no payload; the encoder leaves the codes out [MQTT-3.10.4-4]
    Unsuback ack = new Unsuback(u.packetId(), ch.version == MqttVersion.V5 ? codes : List.of(), MqttProperties.NONE);
    // A persistent session's removed subscription must stay removed after a crash: UNSUBACK once it is on disk.
    ch.flows().durableAcks().send(journaled, ReasonCode.SUCCESS, r -> ack, null);
  }
}
