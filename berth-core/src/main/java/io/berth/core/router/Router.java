package io.berth.core.router;

import io.berth.core.Message;
import io.berth.core.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes published messages to the sessions whose subscriptions match. One instance per broker, used from every
 * event loop; sessions receive their deliveries through their own thread-safe inbox. The trie's answer for a topic
 * is kept as a {@link RoutePlan} until any subscription changes, so a topic published again costs one map lookup.
 */
public final class Router {
  /** Plans kept at most; past it the cache starts over (topics with unbounded variety must not grow memory). */
  static final int MAX_PLANS = 16_384;

  private final TopicTrie trie = new TopicTrie();
  private final AtomicInteger subscriptionCount = new AtomicInteger();
  private final AtomicLong version = new AtomicLong(); // bumped by every subscription change
  private final ConcurrentHashMap<String, RoutePlan> plans = new ConcurrentHashMap<>();

  /** Adds or replaces a subscription; true when it replaced an existing one on the same filter. */
  public boolean subscribe(SubscriptionEntry entry) {
    boolean replaced = trie.put(entry);
    version.incrementAndGet();
    if (!replaced) {
      subscriptionCount.incrementAndGet();
    }
    return replaced;
  }

  public boolean unsubscribe(Session session, String filter, String group) {
    boolean removed = trie.remove(session, filter, group);
    if (removed) {
      version.incrementAndGet();
      subscriptionCount.decrementAndGet();
    }
    return removed;
  }

  public int subscriptionCount() {
    return subscriptionCount.get();
  }

  /** How many topics have a cached plan (for tests and metrics). */
  int cachedPlans() {
    return plans.size();
  }

  /** Delivers {@code message} to every matching session; returns how many sessions it went to. */
  public int route(Message message) {
    RoutePlan plan = plan(message.topic());
    int sent = 0;
    for (RoutePlan.Target t : plan.direct) {
      if (t.entries.length == 1) {
        SubscriptionEntry e = t.entries[0];
        if (!isNoLocalSelf(e, message)) {
          offer(t.session, message, e, t.singleIds, null);
          sent++;
        }
      } else if (offerMerged(message, t)) {
        sent++;
      }
    }
    for (SharedGroup group : plan.shared) {
      SubscriptionEntry member = group.pick();
      if (member != null && !isNoLocalSelf(member, message)) {
        offer(member.session(), message, member, ids(member), group);
        sent++;
      }
    }
    return sent;
  }

  private RoutePlan plan(String topic) {
    long current = version.get(); // read before matching: a change during the match makes this plan stale
    RoutePlan plan = plans.get(topic);
    if (plan != null && plan.version == current) {
      return plan;
    }
    List<SubscriptionEntry> direct = new ArrayList<>(4);
    List<SharedGroup> shared = new ArrayList<>(0);
    trie.match(topic, direct, shared);
    plan = RoutePlan.of(current, direct, shared);
    if (plans.size() >= MAX_PLANS) {
      plans.clear();
    }
    plans.put(topic, plan);
    return plan;
  }

  /** Sends a shared-subscription delivery that {@code leaving} will not complete to another member of its group. */
  public boolean redeliverShared(Delivery delivery, Session leaving) {
    SharedGroup group = (SharedGroup) delivery.sharedGroup();
    SubscriptionEntry other = group == null ? null : group.pickOther(leaving);
    if (other == null) {
      return false;
    }
    offer(other.session(), delivery.message(), other, ids(other), group);
    return true;
  }

  /**
   * One delivery for a session that several subscriptions match: the highest granted QoS, every Subscription
   * Identifier [MQTT-3.3.4-4], RETAIN kept if any match asks for Retain As Published. False when No Local leaves
   * none of them.
   */
  private static boolean offerMerged(Message message, RoutePlan.Target t) {
    int qos = -1;
    boolean rap = false;
    int idCount = 0;
    for (SubscriptionEntry e : t.entries) {
      if (!isNoLocalSelf(e, message)) {
        qos = Math.max(qos, e.qos());
        rap |= e.retainAsPublished();
        idCount += e.subscriptionId() != 0 ? 1 : 0;
      }
    }
    if (qos < 0) {
      return false;
    }
    int[] ids = new int[idCount];
    int i = 0;
    for (SubscriptionEntry e : t.entries) {
      if (!isNoLocalSelf(e, message) && e.subscriptionId() != 0) {
        ids[i++] = e.subscriptionId();
      }
    }
    t.session.offer(new Delivery(message, Math.min(qos, message.qos()), rap && message.retainFlag(), ids, null));
    return true;
  }

  private static int[] ids(SubscriptionEntry e) {
    return e.subscriptionId() == 0 ? Delivery.NO_IDS : new int[] {e.subscriptionId()};
  }

  private static void offer(Session s, Message message, SubscriptionEntry e, int[] ids, SharedGroup group) {
    // RETAIN is cleared on forwarded messages unless Retain As Published [MQTT-3.3.1-12] [MQTT-3.3.1-13].
    boolean retain = e.retainAsPublished() && message.retainFlag();
    s.offer(new Delivery(message, Math.min(e.qos(), message.qos()), retain, ids, group));
  }

  /** No Local: not to the publisher's own session [MQTT-3.8.3-3]. */
  private static boolean isNoLocalSelf(SubscriptionEntry e, Message m) {
    return e.noLocal() && e.session().clientId().equals(m.publisherId());
  }
}
